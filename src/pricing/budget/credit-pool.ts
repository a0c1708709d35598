/**
 * A credits plan's monthly pool: how much of it is drained, what is left, when it runs out at
 * the rate of the month's completed days, and which alerts are due (80 % and 100 % drained;
 * reaching counts). Credits are counted in the credits model's units (whole BigInts), so
 * every figure is exact.
 * @module
 */
import { formatFixed } from '../money/decimal.js';
import { divideCeil, divideHalfEven } from '../money/rounding.js';

export const POOL_THRESHOLDS = [80, 100] as const;
export type PoolThreshold = (typeof POOL_THRESHOLDS)[number];

export interface PoolStanding {
  readonly poolUnits: bigint;
  readonly usedUnits: bigint;
  /** Never below zero: past the pool, burns are overage. */
  readonly remainingUnits: bigint;
  /** Used as a percentage of the pool, two decimals, half to even. */
  readonly percentDrained: string;
  readonly reached: readonly PoolThreshold[];
  /**
   * The day of the month the pool ran out, or at the completed days' mean daily burn will run
   * out; null when it will not this month (or no completed day shows a burn yet).
   */
  readonly exhaustsOnDay: number | null;
  /** Whether that day is past (measured) rather than projected. */
  readonly exhausted: boolean;
}

/** `dailyUnits[i]` is what day i + 1 burned, up to and including today (its last entry). */
export function poolStanding(input: {
  readonly poolUnits: bigint;
  readonly dailyUnits: readonly bigint[];
  readonly daysInMonth: number;
}): PoolStanding {
  const { poolUnits, dailyUnits, daysInMonth } = input;
  if (poolUnits <= 0n) throw new RangeError('a pool is above zero');
  let usedUnits = 0n;
  let exhaustedOn: number | null = null;
  dailyUnits.forEach((units, i) => {
    usedUnits += units;
    if (exhaustedOn === null && usedUnits >= poolUnits) exhaustedOn = i + 1;
  });
  const today = dailyUnits.length;
  const basisDays = BigInt(today - 1);
  const basis = usedUnits - (dailyUnits[today - 1] ?? 0n);
  let exhaustsOnDay: number | null = exhaustedOn;
  if (exhaustedOn === null && basisDays > 0n && basis > 0n) {
    // Days after today until the mean burn (basis / k a day) covers what is left.
    const after = divideCeil((poolUnits - usedUnits) * basisDays, basis);
    const day = BigInt(today) + after;
    exhaustsOnDay = day <= BigInt(daysInMonth) ? Number(day) : null;
  }
  return {
    poolUnits,
    usedUnits,
    remainingUnits: usedUnits >= poolUnits ? 0n : poolUnits - usedUnits,
    percentDrained: formatFixed(divideHalfEven(usedUnits * 10_000n, poolUnits), 2),
    reached: POOL_THRESHOLDS.filter((t) => usedUnits * 100n >= BigInt(t) * poolUnits),
    exhaustsOnDay,
    exhausted: exhaustedOn !== null,
  };
}
