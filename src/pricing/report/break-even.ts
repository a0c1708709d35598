/**
 * The break-even between two plans on the same traffic: the AI resolution rate at which they
 * cost the same.
 *
 * Each plan's cost is modelled as a line in the resolution rate r (0 to 1): its cost when no AI
 * ticket is resolved, plus r times what resolving every one of them adds. Both ends are priced
 * exactly by replaying the traffic under the two scenarios. The line is exact for the usage,
 * outcome and base + performance models (and tiers of them); for a credits plan whose pool runs
 * out between the two scenarios it is the chord of a convex curve, so an upper bound.
 * @module
 */
import { formatFixed } from '../money/decimal.js';
import { divideHalfEven } from '../money/rounding.js';
import { RATE_DIGITS } from './tally.js';

export interface CostLine {
  readonly planId: string;
  /** Confirmed cost in minor units with no AI resolution, and with every AI ticket resolved. */
  readonly noneResolved: bigint;
  readonly allResolved: bigint;
}

export interface BreakEven {
  readonly planA: string;
  readonly planB: string;
  /** The rate (0 to 1, four decimals) at which both cost the same; null when they never cross. */
  readonly resolutionRate: string | null;
  /** The plan that is cheaper above the break-even rate (or everywhere, when they never cross). */
  readonly cheaperAbove: string | null;
  readonly cheaperBelow: string | null;
}

export function breakEven(a: CostLine, b: CostLine): BreakEven {
  const slopeA = a.allResolved - a.noneResolved;
  const slopeB = b.allResolved - b.noneResolved;
  const gap = b.noneResolved - a.noneResolved; // how much more B costs at r = 0
  const slopeDiff = slopeA - slopeB;
  const cheaper = (diffAtR: bigint) => (diffAtR < 0n ? a.planId : diffAtR > 0n ? b.planId : null);
  // A − B at r is −gap + r·slopeDiff.
  const diff0 = -gap;
  const diff1 = -gap + slopeDiff;
  const base = { planA: a.planId, planB: b.planId };
  if (slopeDiff === 0n || diff0 === 0n || diff1 === 0n || diff0 < 0n === diff1 < 0n) {
    // Parallel, or the same sign at both ends: no crossing strictly inside (0, 1), unless it
    // sits exactly at an end.
    const rate = slopeDiff === 0n ? null : diff0 === 0n ? '0' : diff1 === 0n ? '1' : null;
    return {
      ...base,
      resolutionRate:
        rate === null
          ? null
          : formatFixed(rate === '0' ? 0n : 10n ** BigInt(RATE_DIGITS), RATE_DIGITS),
      cheaperAbove: cheaper(diff1) ?? cheaper(diff0),
      cheaperBelow: cheaper(diff0) ?? cheaper(diff1),
    };
  }
  let num = gap * 10n ** BigInt(RATE_DIGITS);
  let den = slopeDiff;
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  return {
    ...base,
    resolutionRate: formatFixed(divideHalfEven(num, den), RATE_DIGITS),
    cheaperAbove: cheaper(diff1),
    cheaperBelow: cheaper(diff0),
  };
}
