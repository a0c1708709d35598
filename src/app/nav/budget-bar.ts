/**
 * Where the budget bar draws each figure: its share of the bar's scale (the largest of the
 * budget, the forecast's high end and what is spent), as a CSS percentage. Worked out from the
 * amounts' minor units with BigInt, to a tenth of a percent; only the drawing is approximate.
 * @module
 */
import type { BudgetView } from '../../api/budgets.js';
import { parseAmount } from '../../pricing/index.js';

export interface BarGeometry {
  readonly confirmed: string;
  readonly provisional: string;
  /** The forecast's range, from its low end to its high end; null without a forecast. */
  readonly range: { readonly left: string; readonly width: string } | null;
  readonly expected: string | null;
  /** Where 50 %, 80 % and 100 % of the budget fall. */
  readonly marks: readonly { readonly percent: number; readonly left: string }[];
}

export function barGeometry(b: BudgetView, currency: string): BarGeometry {
  const minor = (amount: string) => parseAmount(amount, currency).minor;
  const budget = minor(b.amount);
  const confirmed = minor(b.confirmed);
  const provisional = minor(b.provisional);
  const high = b.forecast ? minor(b.forecast.high) : 0n;
  let scale = budget;
  for (const v of [high, confirmed + provisional]) if (v > scale) scale = v;
  const at = (value: bigint) => {
    const tenths = (value * 1000n) / scale;
    return `${tenths / 10n}.${tenths % 10n}%`;
  };
  const f = b.forecast;
  return {
    confirmed: at(confirmed),
    provisional: at(provisional),
    range: f && { left: at(minor(f.low)), width: at(minor(f.high) - minor(f.low)) },
    expected: f && at(minor(f.expected)),
    marks: [50, 80, 100].map((percent) => ({
      percent,
      left: at((budget * BigInt(percent)) / 100n),
    })),
  };
}
