/**
 * Headline figures from the backend's summary rows, summed exactly (decimal strings in, decimal
 * strings out), with the same per-resolution rules as the core.
 * @module
 */
import type { SummaryRow } from '../../api/reports.js';
import { minorUnits, toMinor } from '../../pricing/index.js';

export type { SummaryRow };

import { formatFixed } from '../../pricing/money/decimal.js';
import { divideHalfEven } from '../../pricing/money/rounding.js';

export interface Headline {
  readonly currency: string;
  readonly confirmed: string;
  readonly provisional: string;
  readonly aiTickets: number;
  readonly aiResolutions: number;
  readonly assisted: number;
  readonly escalated: number;
  /** AI resolutions over tickets with AI, four decimals; null without AI. */
  readonly resolutionRate: string | null;
  readonly costPerResolution: string | null;
  readonly costPerResolvedTicket: string | null;
}

export function headline(rows: readonly SummaryRow[], currency: string): Headline {
  const digits = minorUnits(currency);
  let confirmed = 0n;
  let provisional = 0n;
  let aiTickets = 0;
  let aiResolutions = 0;
  let assisted = 0;
  let escalated = 0;
  for (const r of rows.filter((row) => row.currency === currency)) {
    confirmed += toMinor(r.totalCost, digits);
    provisional += toMinor(r.provisionalCost, digits);
    aiTickets += r.aiTickets;
    aiResolutions += r.aiResolutions;
    assisted += r.assisted;
    escalated += r.escalated;
  }
  const per = (n: number) =>
    n === 0 ? null : formatFixed(divideHalfEven(confirmed, BigInt(n)), digits);
  return {
    currency,
    confirmed: formatFixed(confirmed, digits),
    provisional: formatFixed(provisional, digits),
    aiTickets,
    aiResolutions,
    assisted,
    escalated,
    resolutionRate:
      aiTickets === 0
        ? null
        : formatFixed(divideHalfEven(BigInt(aiResolutions) * 10_000n, BigInt(aiTickets)), 4),
    costPerResolution: per(aiResolutions),
    costPerResolvedTicket: per(aiResolutions + assisted),
  };
}
