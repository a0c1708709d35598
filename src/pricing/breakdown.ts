/**
 * The breakdown of one ticket's cost under one plan (spec section 5).
 * @module
 */
import type { Conflict } from './activity/facts.js';
import { type DraftLine, finishLine, type Line, lineAmount } from './models/line.js';
import { formatFixed } from './money/decimal.js';
import type { Outcome } from './outcome/evaluate.js';
import { formatInstant } from './time.js';

export type { Line };

export interface Breakdown {
  readonly ticketId: string;
  readonly planId: string;
  readonly planVersion: number;
  readonly currency: string;
  readonly asOf: string;
  readonly outcome: Outcome;
  /** The tier that priced the ticket, for tiered plans. */
  readonly tier: string | null;
  /** True when any line waits on a pending confirmation. */
  readonly provisional: boolean;
  readonly lines: readonly Line[];
  /** The sum of the rounded lines, provisional ones included. */
  readonly total: string;
  /** The sum of the lines that are not provisional. */
  readonly confirmedTotal: string;
  /** When the resolution (or its bad rating) was confirmed. */
  readonly confirmedAt: string | null;
  /** While pending: when it confirms if nothing intervenes. */
  readonly confirmsAt: string | null;
  /** When the outcome was reached: the instant its charges belong to in period reports. */
  readonly decidedAt: string | null;
  /** The AI tools the ticket used, sorted. */
  readonly tools: readonly string[];
  /** Usage events whose id repeated with another body (the first one seen was priced). */
  readonly conflicts: readonly Conflict[];
}

export interface BreakdownHeader {
  readonly ticketId: string;
  readonly planId: string;
  readonly planVersion: number;
  readonly currency: string;
  readonly minorDigits: number;
  /** Already formatted: a period's breakdowns share it. */
  readonly asOf: string;
  readonly outcome: Outcome;
  readonly tier: string | null;
  readonly confirmedAt: number | null;
  readonly confirmsAt: number | null;
  readonly decidedAt: number | null;
  readonly tools: readonly string[];
  readonly conflicts: readonly Conflict[];
}

function instantOrNull(ms: number | null): string | null {
  return ms === null ? null : formatInstant(ms);
}

/**
 * What a replay needs of a ticket when nobody reads its lines: its outcome and its totals in
 * minor units, computed exactly as {@link assembleBreakdown} computes them.
 */
export interface TicketCost {
  readonly ticketId: string;
  readonly outcome: Outcome;
  readonly confirmedMinor: bigint;
  readonly provisionalMinor: bigint;
}

export function ticketCost(header: BreakdownHeader, drafts: readonly DraftLine[]): TicketCost {
  let confirmedMinor = 0n;
  let provisionalMinor = 0n;
  for (const d of drafts) {
    const amount = lineAmount(d, header.minorDigits);
    if (d.provisional) provisionalMinor += amount;
    else confirmedMinor += amount;
  }
  return { ticketId: header.ticketId, outcome: header.outcome, confirmedMinor, provisionalMinor };
}

/** Rounds each line once and sums the rounded amounts, so a breakdown always adds up. */
export function assembleBreakdown(
  header: BreakdownHeader,
  drafts: readonly DraftLine[],
): Breakdown {
  const lines: Line[] = [];
  let total = 0n;
  let confirmed = 0n;
  for (const d of drafts) {
    if (d.quantity.num === 0n) continue; // a line with quantity 0 is omitted
    const { line, amount } = finishLine(d, header.minorDigits);
    lines.push(line);
    total += amount;
    if (!d.provisional) confirmed += amount;
  }
  const confirmedAt = instantOrNull(header.confirmedAt);
  return {
    ticketId: header.ticketId,
    planId: header.planId,
    planVersion: header.planVersion,
    currency: header.currency,
    asOf: header.asOf,
    outcome: header.outcome,
    tier: header.tier,
    provisional: lines.some((l) => l.provisional),
    lines,
    total: formatFixed(total, header.minorDigits),
    confirmedTotal: formatFixed(confirmed, header.minorDigits),
    confirmedAt,
    confirmsAt: instantOrNull(header.confirmsAt),
    decidedAt:
      header.decidedAt === header.confirmedAt ? confirmedAt : instantOrNull(header.decidedAt),
    tools: header.tools,
    conflicts: header.conflicts,
  };
}
