/**
 * The breakdown of one ticket's cost under one plan (spec section 5).
 * @module
 */
import type { Conflict } from './activity/facts.js';
import { big } from './activity/totals.js';
import {
  type DraftLine,
  finishLine,
  fixedText,
  type Line,
  lineAmount,
  safeLineMinor,
} from './models/line.js';
import type { Outcome, OutcomeResult } from './outcome/evaluate.js';
import { formatInstant } from './time.js';
import type { PlanInForce } from './timeline/timeline.js';

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

/** The lines one plan version prices on a ticket. */
export interface PlanLines {
  readonly plan: PlanInForce;
  readonly lines: readonly DraftLine[];
}

/** A ticket priced under a timeline: what its breakdown is written from. */
export interface PricedTicket {
  readonly ticketId: string;
  /** The AI tools the ticket used, sorted. */
  readonly tools: readonly string[];
  readonly conflicts: readonly Conflict[];
  readonly outcome: OutcomeResult;
  /** Per plan that prices a line, in first-activation order. */
  readonly byPlan: readonly PlanLines[];
  /** The plan of the ticket's latest charge, or the plan in force at asOf without one. */
  readonly headPlan: PlanInForce;
  readonly tier: string | null;
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

/**
 * Each ticket's exact confirmed and provisional totals in minor units, added to line by line as a
 * replay prices them, so that no ticket's lines are kept for its total. The sums are safe
 * integers while they can be (amounts are non-negative, so a safe sum had safe partial sums),
 * held in a Float64Array that stores them exactly; past 2^53 a ticket's excess is summed in
 * BigInt, from where its safe sum stood.
 */
export class CostSums {
  /** [2i] confirmed, [2i + 1] provisional: always safe integers. */
  private readonly safe: Float64Array;
  /** Keyed like `safe`, only for sums that passed the safe integers. */
  private big: Map<number, bigint> | null = null;

  constructor(
    tickets: number,
    private readonly minorDigits: number,
  ) {
    this.safe = new Float64Array(2 * tickets);
  }

  /** Adds each line's amount, rounded once, to ticket `index`'s confirmed or provisional sum. */
  add(index: number, lines: readonly DraftLine[]): void {
    for (const d of lines) {
      const slot = d.provisional ? 2 * index + 1 : 2 * index;
      const amount = safeLineMinor(d, this.minorDigits);
      const sum = amount === null ? Number.NaN : this.safe[slot]! + amount;
      if (Number.isSafeInteger(sum)) {
        this.safe[slot] = sum;
      } else {
        this.big ??= new Map();
        this.big.set(slot, (this.big.get(slot) ?? 0n) + lineAmount(d, this.minorDigits));
      }
    }
  }

  cost(index: number, ticketId: string, outcome: Outcome): TicketCost {
    return {
      ticketId,
      outcome,
      confirmedMinor: this.total(2 * index),
      provisionalMinor: this.total(2 * index + 1),
    };
  }

  private total(slot: number): bigint {
    const safe = big(this.safe[slot]!);
    const excess = this.big?.get(slot);
    return excess === undefined ? safe : safe + excess;
  }
}

/** A ticket's exact cost from its lines (of one plan or several), each rounded once. */
export function costOf(
  ticketId: string,
  outcome: Outcome,
  groups: Iterable<readonly DraftLine[] | undefined>,
  minorDigits: number,
): TicketCost {
  const sums = new CostSums(1, minorDigits);
  for (const lines of groups) if (lines) sums.add(0, lines);
  return sums.cost(0, ticketId, outcome);
}

export function ticketCost(ticket: PricedTicket, minorDigits: number): TicketCost {
  const { outcome, byPlan } = ticket;
  return costOf(
    ticket.ticketId,
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
  let count = 0;
  for (const p of ticket.byPlan) count += p.lines.length;
  // Exactly as many slots as lines: an array pushed to keeps room for 16, and a replay keeps
  // hundreds of thousands of breakdowns.
  const lines: Line[] = new Array(count);
  // The sums in safe integers while they are ones (amounts are non-negative), else in BigInt.
  let total = 0;
  let confirmed = 0;
  let exact: { total: bigint; confirmed: bigint } | null = null;
  let provisional = false;
  let at = 0;
  for (const { plan, lines: drafts } of ticket.byPlan) {
    for (const d of drafts) {
      const amount = lineAmount(d, minorDigits);
      lines[at++] = finishLine(d, minorDigits, amount, format.timeline ? plan.key : undefined);
      if (d.provisional) provisional = true;
      const n = Number(amount);
      if (exact === null && Number.isSafeInteger(n) && Number.isSafeInteger(total + n)) {
        total += n;
        if (!d.provisional) confirmed += n;
      } else {
        exact ??= { total: BigInt(total), confirmed: BigInt(confirmed) };
        exact.total += amount;
        if (!d.provisional) exact.confirmed += amount;
      }
    }
  }
  const { outcome, headPlan } = ticket;
  const confirmedAt = instantOrNull(outcome.confirmedAt);
  const timeline = format.timeline;
  // One object literal, whose shape the engine learns once: a spread made it a copy per ticket.
  const breakdown: Breakdown & { plans?: readonly string[] } = {
    ticketId: ticket.ticketId,
    planId: headPlan.plan.id,
    planVersion: headPlan.plan.version,
    currency: format.currency,
    asOf: format.asOf,
    outcome: outcome.outcome,
    tier: ticket.tier,
    provisional,
    plans: timeline ? ticket.byPlan.map((p) => p.plan.key) : undefined,
    lines,
    total: fixedText(exact?.total ?? total, minorDigits),
    confirmedTotal: fixedText(exact?.confirmed ?? confirmed, minorDigits),
    confirmedAt,
    confirmsAt: instantOrNull(outcome.confirmsAt),
    decidedAt:
      outcome.decidedAt === outcome.confirmedAt ? confirmedAt : instantOrNull(outcome.decidedAt),
    tools: ticket.tools,
    conflicts: ticket.conflicts,
  };
  return breakdown;
}
