/**
 * Period figures over a set of breakdowns (spec section 6): confirmed cost, provisional cost
 * apart, AI resolutions, and the cost per resolution and per resolved ticket.
 * @module
 */
import type { Breakdown } from '../breakdown.js';
import { formatFixed, parseDecimal, pow10 } from '../money/decimal.js';
import { divideHalfEven } from '../money/rounding.js';
import type { Outcome } from '../outcome/evaluate.js';

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

/** An amount string of a breakdown in minor units. */
export function toMinor(amount: string, minorDigits: number): bigint {
  const d = parseDecimal(amount.startsWith('-') ? amount.slice(1) : amount);
  const units = d.units * pow10(minorDigits - d.scale);
  return amount.startsWith('-') ? -units : units;
}

function perUnit(totalMinor: bigint, count: number, minorDigits: number): string | null {
  return count === 0 ? null : formatFixed(divideHalfEven(totalMinor, BigInt(count)), minorDigits);
}

export function summarize(
  breakdowns: readonly Breakdown[],
  currency: string,
  minorDigits: number,
): Summary {
  let confirmed = 0n;
  let provisional = 0n;
  const outcomes: Record<Outcome, number> = {
    no_ai: 0,
    in_progress: 0,
    pending_confirmation: 0,
    ai_resolved: 0,
    assisted: 0,
    escalated: 0,
    unsuccessful: 0,
  };
  for (const b of breakdowns) {
    const total = toMinor(b.total, minorDigits);
    const confirmedTotal = toMinor(b.confirmedTotal, minorDigits);
    confirmed += confirmedTotal;
    provisional += total - confirmedTotal;
    outcomes[b.outcome] += 1;
  }
  const aiResolutions = outcomes.ai_resolved;
  return {
    currency,
    tickets: breakdowns.length,
    aiTickets: breakdowns.length - outcomes.no_ai,
    totalCost: formatFixed(confirmed, minorDigits),
    provisionalCost: formatFixed(provisional, minorDigits),
    aiResolutions,
    assisted: outcomes.assisted,
    outcomes,
    costPerResolution: perUnit(confirmed, aiResolutions, minorDigits),
    costPerResolvedTicket: perUnit(confirmed, aiResolutions + outcomes.assisted, minorDigits),
  };
}
