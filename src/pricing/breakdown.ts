/**
 * The breakdown of one ticket's cost under one plan (spec section 5).
 * @module
 */
import type { Conflict } from './activity/facts.js';
import { big } from './activity/totals.js';
import { type DraftLine, finishLine, type Line, lineAmount, safeLineMinor } from './models/line.js';
import { formatFixed } from './money/decimal.js';
import type { Outcome } from './outcome/evaluate.js';
import type { PricedTicket } from './price/engine.js';
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
  /** Priced over a timeline: every plan that prices a line, in first-activation order. */
  readonly plans?: readonly string[];
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

/** A ticket's exact cost from its lines (of one plan or several), each rounded once. */
export function costOf(
  ticketId: string,
  outcome: Outcome,
  groups: Iterable<readonly DraftLine[] | undefined>,
  minorDigits: number,
): TicketCost {
  // Summed in numbers while every amount and sum is a safe integer (amounts are non-negative,
  // so a safe final sum means safe partial sums); past that, in BigInt, from where it stood.
  let confirmed = 0;
  let provisional = 0;
  let confirmedBig = 0n;
  let provisionalBig = 0n;
  for (const lines of groups) {
    if (!lines) continue;
    for (const d of lines) {
      const safe = safeLineMinor(d, minorDigits);
      if (safe !== null && Number.isSafeInteger((d.provisional ? provisional : confirmed) + safe)) {
        if (d.provisional) provisional += safe;
        else confirmed += safe;
      } else if (d.provisional) provisionalBig += lineAmount(d, minorDigits);
      else confirmedBig += lineAmount(d, minorDigits);
    }
  }
  return {
    ticketId,
    outcome,
    confirmedMinor: confirmedBig === 0n ? big(confirmed) : big(confirmed) + confirmedBig,
    provisionalMinor: provisionalBig === 0n ? big(provisional) : big(provisional) + provisionalBig,
  };
}

export function ticketCost(ticket: PricedTicket, minorDigits: number): TicketCost {
  const { prepared, outcome, byPlan } = ticket;
  return costOf(
    prepared.facts.ticketId,
    outcome.outcome,
    byPlan.map((p) => p.lines),
    minorDigits,
  );
}

/** How a breakdown is written: the instant as text, and whether lines name their plan. */
export interface BreakdownFormat {
  readonly asOf: string;
  readonly currency: string;
  readonly minorDigits: number;
  /** Priced over a timeline: every line carries `plan` and the breakdown lists `plans`. */
  readonly timeline: boolean;
}

/** Rounds each line once and sums the rounded amounts, so a breakdown always adds up. */
export function assembleBreakdown(ticket: PricedTicket, format: BreakdownFormat): Breakdown {
  const { minorDigits } = format;
  const lines: Line[] = [];
  let total = 0n;
  let confirmed = 0n;
  let provisional = false;
  for (const { plan, lines: drafts } of ticket.byPlan) {
    for (const d of drafts) {
      const { line, amount } = finishLine(d, minorDigits, format.timeline ? plan.key : undefined);
      lines.push(line);
      total += amount;
      if (d.provisional) provisional = true;
      else confirmed += amount;
    }
  }
  const { outcome, prepared, headPlan } = ticket;
  const confirmedAt = instantOrNull(outcome.confirmedAt);
  return {
    ticketId: prepared.facts.ticketId,
    planId: headPlan.plan.id,
    planVersion: headPlan.plan.version,
    currency: format.currency,
    asOf: format.asOf,
    outcome: outcome.outcome,
    tier: ticket.tier,
    provisional,
    ...(format.timeline ? { plans: ticket.byPlan.map((p) => p.plan.key) } : {}),
    lines,
    total: formatFixed(total, minorDigits),
    confirmedTotal: formatFixed(confirmed, minorDigits),
    confirmedAt,
    confirmsAt: instantOrNull(outcome.confirmsAt),
    decidedAt:
      outcome.decidedAt === outcome.confirmedAt ? confirmedAt : instantOrNull(outcome.decidedAt),
    tools: prepared.tools,
    conflicts: prepared.facts.conflicts,
  };
}
