/**
 * The month's spend forecast, exact in minor units. The method, stated so a reader can redo it:
 * the completed days of the month so far (the 1st up to yesterday, in the tenant's time zone)
 * give the mean daily confirmed spend; today and every day left are projected at that mean, and
 * the range projects them at the cheapest and at the dearest completed day instead. A forecast
 * is never below what is already spent. On the 1st there is no completed day: no forecast.
 * @module
 */
import { divideHalfEven } from '../money/rounding.js';

export const FORECAST_METHOD = 'completed-days-mean' as const;

export interface Forecast {
  readonly method: typeof FORECAST_METHOD;
  /** How many completed days the projection rests on. */
  readonly basisDays: number;
  /** Today and the days after it, each projected. */
  readonly projectedDays: number;
  /** The month's spend at the completed days' mean (rounded half to even to a minor unit). */
  readonly expectedMinor: bigint;
  /** At the cheapest completed day, and at the dearest: both exact. */
  readonly lowMinor: bigint;
  readonly highMinor: bigint;
  /** Whether the unrounded expectation is above `budgetMinor` (if one was given). */
  readonly exceeds: boolean;
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

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
  const projectedDays = daysInMonth - basisDays;
  let low = completed[0]!;
  let high = completed[0]!;
  for (const day of completed) {
    if (day < low) low = day;
    if (day > high) high = day;
  }
  // basis + (basis / k) × projected = basis × n / k, kept as a fraction until it is compared.
  const expectedNum = basis * BigInt(daysInMonth);
  const k = BigInt(basisDays);
  return {
    method: FORECAST_METHOD,
    basisDays,
    projectedDays,
    expectedMinor: max(spent, divideHalfEven(expectedNum, k)),
    lowMinor: max(spent, basis + low * BigInt(projectedDays)),
    highMinor: max(spent, basis + high * BigInt(projectedDays)),
    exceeds: budgetMinor !== undefined && (spent > budgetMinor || expectedNum > budgetMinor * k),
  };
}

/** The number of days in a month (1 to 12) of a year, by the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
