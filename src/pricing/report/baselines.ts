/**
 * The two baselines of spec section 9, measured from past data so that an admin fills them from
 * a count rather than a guess: the escalation rate of a past month's cohort (the very cohort and
 * deadline the escalation fee uses), and the mean human handling time of a past month's tickets
 * without AI usage. Both are exact: counts and seconds, divided once and rounded half to even to
 * the six fractional digits the plan's fields allow.
 * @module
 */
import { formatFixed, pow10 } from '../money/decimal.js';
import { divideHalfEven } from '../money/rounding.js';
import { DEFAULT_CONFIRMATION_WINDOW_HOURS } from '../outcome/evaluate.js';
import { prepareTicket } from '../price/charges.js';
import { type PriceOptions, resolveAsOf, resolveTimeZone } from '../price/options.js';
import type { TicketActivity } from '../schema/activity.js';
import { HOUR_MS, monthBounds, monthOf } from '../time.js';

/** `baselineRate` and `baselineMinutes` carry at most six fractional digits (section 9). */
export const BASELINE_DIGITS = 6;

export interface EscalationRateMeasure {
  /** The month (`"2026-10"`) whose first-usage tickets form the cohort. */
  readonly month: string;
  /** N: the cohort's tickets, the figure the rate rests on. */
  readonly tickets: number;
  /** E: those human-involved by D, the earlier of `asOf` and the month's end + W. */
  readonly escalated: number;
  /** E / N to six digits, or null for an empty cohort (no rate to measure). */
  readonly rate: string | null;
  /** D as an instant: escalations after it do not count. */
  readonly countedUntil: string;
}

export interface EscalationRateOptions {
  readonly month: string;
  /** W, the plan's confirmation window; the outcome rules' default when absent. */
  readonly windowHours?: number;
  readonly asOf?: PriceOptions['asOf'];
  readonly timeZone?: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function fixed(numerator: bigint, denominator: bigint): string {
  return formatFixed(
    divideHalfEven(numerator * pow10(BASELINE_DIGITS), denominator),
    BASELINE_DIGITS,
  );
}

/**
 * The escalation rate of `month`'s cohort: of the tickets whose first usage event falls in the
 * month, the share human-involved by D = min(asOf, month end + W), as the fee counts them.
 */
export function measureEscalationRate(
  activities: readonly TicketActivity[],
  options: EscalationRateOptions,
): EscalationRateMeasure {
  if (!MONTH.test(options.month)) throw new RangeError(`expected a month such as "2026-10"`);
  const asOf = resolveAsOf(options.asOf);
  const timeZone = resolveTimeZone(options.timeZone);
  const windowHours = options.windowHours ?? DEFAULT_CONFIRMATION_WINDOW_HOURS;
  const deadline = Math.min(asOf, monthBounds(options.month, timeZone).end + windowHours * HOUR_MS);
  let tickets = 0;
  let escalated = 0;
  for (const activity of activities) {
    const { history } = prepareTicket(activity, asOf).facts;
    if (!history.firstUsage || monthOf(history.firstUsage.at, timeZone) !== options.month) continue;
    tickets += 1;
    if (history.humanInvolvedAt !== null && history.humanInvolvedAt <= deadline) escalated += 1;
  }
  return {
    month: options.month,
    tickets,
    escalated,
    rate: tickets === 0 ? null : fixed(BigInt(escalated), BigInt(tickets)),
    countedUntil: new Date(deadline).toISOString(),
  };
}

export interface HandlingTimeMeasure {
  /** Tickets with a recorded handling time: the figure the mean rests on. */
  readonly tickets: number;
  /** Tickets without one, left out rather than counted as 0 minutes. */
  readonly withoutTime: number;
  /** The mean in minutes to six digits, or null when no ticket has a recorded time. */
  readonly minutes: string | null;
}

/**
 * The mean handling time in minutes of tickets given by their total human seconds (null where
 * the ticket has no time recorded: an untracked ticket says nothing about how long one takes).
 */
export function measureHandlingMinutes(
  totalSeconds: readonly (number | null)[],
): HandlingTimeMeasure {
  let tickets = 0;
  let seconds = 0n;
  for (const s of totalSeconds) {
    if (s === null) continue;
    if (!Number.isSafeInteger(s) || s < 0)
      throw new RangeError('expected whole non-negative seconds');
    tickets += 1;
    seconds += BigInt(s);
  }
  return {
    tickets,
    withoutTime: totalSeconds.length - tickets,
    minutes: tickets === 0 ? null : fixed(seconds, 60n * BigInt(tickets)),
  };
}
