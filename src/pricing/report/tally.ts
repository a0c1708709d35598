/**
 * What a period's figures are made of, and the figures themselves (spec section 6): one
 * definition of cost per resolution, per resolved ticket and the resolution rate, for the
 * backend's reports, the CLI's comparison and the app's headline.
 * @module
 */
import { formatFixed } from '../money/decimal.js';
import { addMoney, divideMoney, formatAmount, type Money, zeroMoney } from '../money/money.js';
import { divideHalfEven } from '../money/rounding.js';

export interface Tally {
  readonly currency: string;
  readonly tickets: number;
  readonly aiTickets: number;
  /** Confirmed amounts only. */
  readonly confirmed: Money;
  /** Charges that wait on a pending confirmation, kept apart. */
  readonly provisional: Money;
  readonly aiResolutions: number;
  readonly assisted: number;
  readonly escalated: number;
}

export function emptyTally(currency: string): Tally {
  return {
    currency,
    tickets: 0,
    aiTickets: 0,
    confirmed: zeroMoney(currency),
    provisional: zeroMoney(currency),
    aiResolutions: 0,
    assisted: 0,
    escalated: 0,
  };
}

export function addTallies(a: Tally, b: Tally): Tally {
  return {
    currency: a.currency,
    tickets: a.tickets + b.tickets,
    aiTickets: a.aiTickets + b.aiTickets,
    confirmed: addMoney(a.confirmed, b.confirmed),
    provisional: addMoney(a.provisional, b.provisional),
    aiResolutions: a.aiResolutions + b.aiResolutions,
    assisted: a.assisted + b.assisted,
    escalated: a.escalated + b.escalated,
  };
}

/** The digits of a resolution rate (0 to 1). */
export const RATE_DIGITS = 4;

export interface Figures {
  /** confirmed / AI resolutions, half to even; null without one. */
  readonly costPerResolution: Money | null;
  /** confirmed / (AI resolutions + assisted); null without either. */
  readonly costPerResolvedTicket: Money | null;
  /** AI resolutions / tickets with AI, four decimals; null without AI. */
  readonly resolutionRate: string | null;
}

export function figuresOf(t: Tally): Figures {
  return {
    costPerResolution: divideMoney(t.confirmed, t.aiResolutions),
    costPerResolvedTicket: divideMoney(t.confirmed, t.aiResolutions + t.assisted),
    resolutionRate:
      t.aiTickets === 0
        ? null
        : formatFixed(
            divideHalfEven(
              BigInt(t.aiResolutions) * 10n ** BigInt(RATE_DIGITS),
              BigInt(t.aiTickets),
            ),
            RATE_DIGITS,
          ),
  };
}

/** A tally's amounts and figures as JSON and the screen write them (decimal strings). */
export interface WrittenFigures {
  readonly totalCost: string;
  readonly provisionalCost: string;
  readonly costPerResolution: string | null;
  readonly costPerResolvedTicket: string | null;
  readonly resolutionRate: string | null;
}

export function writtenFigures(t: Tally): WrittenFigures {
  const f = figuresOf(t);
  return {
    totalCost: formatAmount(t.confirmed),
    provisionalCost: formatAmount(t.provisional),
    costPerResolution: f.costPerResolution && formatAmount(f.costPerResolution),
    costPerResolvedTicket: f.costPerResolvedTicket && formatAmount(f.costPerResolvedTicket),
    resolutionRate: f.resolutionRate,
  };
}
