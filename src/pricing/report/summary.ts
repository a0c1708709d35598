/**
 * Period figures over a set of tickets (spec section 6): confirmed cost, provisional cost
 * apart, AI resolutions, and the cost per resolution and per resolved ticket, from exact
 * amounts (see `tally.ts` for the one definition of the figures).
 * @module
 */
import type { Breakdown, TicketCost } from '../breakdown.js';
import { money, parseAmount } from '../money/money.js';
import { OUTCOMES, type Outcome } from '../outcome/evaluate.js';
import { type Tally, writtenFigures } from './tally.js';

export interface Summary {
  readonly currency: string;
  readonly tickets: number;
  readonly aiTickets: number;
  /** Confirmed amounts only. */
  readonly totalCost: string;
  /** Charges that wait on a pending confirmation, kept apart. */
  readonly provisionalCost: string;
  readonly aiResolutions: number;
  readonly assisted: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  /** totalCost / aiResolutions, or null when there is none. */
  readonly costPerResolution: string | null;
  /** totalCost / (aiResolutions + assisted), or null when there is none. */
  readonly costPerResolvedTicket: string | null;
}

/** Tickets' outcomes and exact amounts, as a summary written for JSON. */
function summaryOf(
  currency: string,
  tickets: readonly { outcome: Outcome; confirmed: bigint; provisional: bigint }[],
): Summary {
  let confirmed = 0n;
  let provisional = 0n;
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const t of tickets) {
    confirmed += t.confirmed;
    provisional += t.provisional;
    outcomes[t.outcome] += 1;
  }
  const tally: Tally = {
    currency,
    tickets: tickets.length,
    aiTickets: tickets.length - outcomes.no_ai,
    confirmed: money(confirmed, currency),
    provisional: money(provisional, currency),
    aiResolutions: outcomes.ai_resolved,
    assisted: outcomes.assisted,
    escalated: outcomes.escalated,
  };
  const { totalCost, provisionalCost, costPerResolution, costPerResolvedTicket } =
    writtenFigures(tally);
  return {
    currency,
    tickets: tally.tickets,
    aiTickets: tally.aiTickets,
    totalCost,
    provisionalCost,
    aiResolutions: tally.aiResolutions,
    assisted: tally.assisted,
    outcomes,
    costPerResolution,
    costPerResolvedTicket,
  };
}

/** The summary of tickets priced by the core (a replay's costs): no amount is parsed. */
export function summarizeCosts(costs: readonly TicketCost[], currency: string): Summary {
  return summaryOf(
    currency,
    costs.map((c) => ({
      outcome: c.outcome,
      confirmed: c.confirmedMinor,
      provisional: c.provisionalMinor,
    })),
  );
}

/**
 * The summary of breakdowns as written (JSON from elsewhere): their amounts are read back
 * exactly, in the currency given.
 */
export function summarize(
  breakdowns: readonly Breakdown[],
  currency: string,
  _minorDigits?: number,
): Summary {
  return summaryOf(
    currency,
    breakdowns.map((b) => {
      const total = parseAmount(b.total, currency).minor;
      const confirmed = parseAmount(b.confirmedTotal, currency).minor;
      return { outcome: b.outcome, confirmed, provisional: total - confirmed };
    }),
  );
}
