/**
 * The month's spend forecast, exact in minor units. The method, stated so a reader can redo it:
 * what is confirmed so far (today's spend as it stands), plus, for every day after today, the
 * mean daily confirmed spend of the month's completed days (the 1st up to yesterday, in the
 * tenant's time zone); the range puts the cheapest and the dearest completed day in place of
 * the mean. On the 1st there is no completed day: no forecast.
 * @module
 */
import { divideHalfEven } from '../money/rounding.js';

export const FORECAST_METHOD = 'completed-days-mean' as const;

export interface Forecast {
  readonly method: typeof FORECAST_METHOD;
  /** How many completed days the projection rests on. */
  readonly basisDays: number;
  /** The days after today, each projected. */
  readonly projectedDays: number;
  /** Spent plus the days left at the completed days' mean (rounded half to even). */
  readonly expectedMinor: bigint;
  /** At the cheapest completed day, and at the dearest: both exact. */
  readonly lowMinor: bigint;
  readonly highMinor: bigint;
  /** Whether the unrounded expectation is above `budgetMinor` (if one was given). */
  readonly exceeds: boolean;
}

/**
 * `dailyMinor[i]` is the confirmed spend of day i + 1 of the month, up to and including today
 * (its last entry, partial). `daysInMonth` is the month's length.
 */
export function forecastMonth(
  dailyMinor: readonly bigint[],
  daysInMonth: number,
  budgetMinor?: bigint,
): Forecast | null {
  const basisDays = dailyMinor.length - 1;
  if (basisDays < 1 || dailyMinor.length > daysInMonth) return null;
  const completed = dailyMinor.slice(0, basisDays);
  const basis = completed.reduce((a, b) => a + b, 0n);
  const spent = basis + dailyMinor[basisDays]!;
  const left = BigInt(daysInMonth - dailyMinor.length);
  let low = completed[0]!;
  let high = completed[0]!;
  for (const day of completed) {
    if (day < low) low = day;
    if (day > high) high = day;
  }
  // spent + (basis / k) × left, kept as the fraction (spent × k + basis × left) / k until it
  // is compared with the budget, and rounded once for the figure.
  const k = BigInt(basisDays);
  const expectedNum = spent * k + basis * left;
  return {
    method: FORECAST_METHOD,
    basisDays,
    projectedDays: Number(left),
    expectedMinor: divideHalfEven(expectedNum, k),
    lowMinor: spent + low * left,
    highMinor: spent + high * left,
    exceeds: budgetMinor !== undefined && expectedNum > budgetMinor * k,
  };
}

/** The number of days in a month (1 to 12) of a year, by the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
