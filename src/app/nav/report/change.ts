/**
 * Each headline figure against the previous period of the same length: the change, exact (money
 * subtracted as money, counts as integers, rates in percentage points from their decimal
 * strings), and its direction. Whether a rise is good depends on the figure: more resolutions is
 * good, a higher cost is not; the page says which.
 * @module
 */
import { formatAmount, parseAmount, subtractMoney } from '../../../pricing/index.js';
import type { Headline } from '../totals.js';

export const FIGURES = [
  'confirmed',
  'provisional',
  'aiResolutions',
  'assisted',
  'escalated',
  'resolutionRate',
  'costPerResolution',
  'costPerResolvedTicket',
] as const;
export type Figure = (typeof FIGURES)[number];

export type Kind = 'money' | 'count' | 'rate';
export const KIND: Readonly<Record<Figure, Kind>> = {
  confirmed: 'money',
  provisional: 'money',
  aiResolutions: 'count',
  assisted: 'count',
  escalated: 'count',
  resolutionRate: 'rate',
  costPerResolution: 'money',
  costPerResolvedTicket: 'money',
};

/** Whether a rise of the figure is good news for the team (cost down, resolutions up). */
export const RISE_IS_GOOD: Readonly<Record<Figure, boolean>> = {
  confirmed: false,
  provisional: false,
  aiResolutions: true,
  assisted: false,
  escalated: false,
  resolutionRate: true,
  costPerResolution: false,
  costPerResolvedTicket: false,
};

export interface Change {
  readonly figure: Figure;
  readonly kind: Kind;
  readonly now: string | null;
  readonly before: string | null;
  /** now − before as a decimal string (rates: a difference of rates, 0 to 1); null if either is missing. */
  readonly delta: string | null;
  readonly direction: 'up' | 'down' | 'same' | 'none';
}

const figureOf = (h: Headline | null, figure: Figure): string | null => {
  if (!h) return null;
  const v = h[figure];
  return v === null ? null : String(v);
};

/** A difference of two rates (four decimals each, as the backend writes them), exact. */
function rateDelta(now: string, before: string): string {
  const digits = (s: string) => {
    const [whole, fraction = ''] = s.split('.');
    return BigInt(`${whole}${fraction.padEnd(4, '0').slice(0, 4)}`);
  };
  const d = digits(now) - digits(before);
  const abs = d < 0n ? -d : d;
  const text = abs.toString().padStart(5, '0');
  return `${d < 0n ? '-' : ''}${text.slice(0, -4)}.${text.slice(-4)}`;
}

export function changeOf(figure: Figure, current: Headline, previous: Headline | null): Change {
  const kind = KIND[figure];
  const now = figureOf(current, figure);
  const before = figureOf(previous, figure);
  if (now === null || before === null)
    return { figure, kind, now, before, delta: null, direction: 'none' };
  let delta: string;
  if (kind === 'money') {
    const currency = current.currency;
    delta = formatAmount(subtractMoney(parseAmount(now, currency), parseAmount(before, currency)));
  } else if (kind === 'count') {
    delta = String(BigInt(now) - BigInt(before));
  } else {
    delta = rateDelta(now, before);
  }
  const sign = /^-/.test(delta) ? -1 : /^[0.]+$/.test(delta) ? 0 : 1;
  return {
    figure,
    kind,
    now,
    before,
    delta,
    direction: sign > 0 ? 'up' : sign < 0 ? 'down' : 'same',
  };
}
