/**
 * The minutes behind a `time_saved` line (spec section 9), for the sidebar's note under it:
 * the agreed baseline, the ticket's human handling time H (its latest `human_time` at or before
 * the instant priced; of two at one instant the later-listed), and max(0, baseline − H). The
 * charge itself is the line's; these are its reasons, exact and rounded once to two digits.
 * @module
 */
import type { Line, TicketActivity } from '../../pricing/index.js';
import { formatFixed, parseDecimal, pow10 } from '../../pricing/money/decimal.js';
import { divideHalfEven } from '../../pricing/money/rounding.js';
import { parseInstant } from '../../pricing/time.js';
import { planKey, type Timeline } from '../../pricing/timeline/timeline.js';

export interface TimeSavedMinutes {
  readonly baseline: string;
  readonly spent: string;
  readonly saved: string;
}

const DIGITS = 2;

/** seconds × 10^scale / (60 × 10^scale) minutes, to two digits, half to even. */
const minutes = (scaledSeconds: bigint, scale: number): string =>
  formatFixed(divideHalfEven(scaledSeconds * pow10(DIGITS), 60n * pow10(scale)), DIGITS);

export function timeSavedMinutes(
  line: Line,
  timeline: Timeline,
  defaultPlanKey: string,
  activity: TicketActivity,
  asOf: string,
): TimeSavedMinutes | null {
  const key = line.plan ?? defaultPlanKey;
  const plan = timeline.plans.find((p) => planKey(p.plan) === key)?.plan;
  if (plan?.model !== 'base_plus_performance' || !plan.timeSaved) return null;
  const until = parseInstant(asOf) ?? Number.POSITIVE_INFINITY;
  let latestAt = Number.NEGATIVE_INFINITY;
  let seconds = 0;
  for (const fact of activity.lifecycle) {
    if (fact.type !== 'human_time') continue;
    const at = parseInstant(fact.at);
    if (at === null || at > until || at < latestAt) continue;
    latestAt = at;
    seconds = fact.totalSeconds;
  }
  const baseline = parseDecimal(plan.timeSaved.baselineMinutes);
  const baselineSeconds = baseline.units * 60n; // × 10^scale
  const spentSeconds = BigInt(seconds) * pow10(baseline.scale);
  const saved = baselineSeconds > spentSeconds ? baselineSeconds - spentSeconds : 0n;
  return {
    baseline: minutes(baselineSeconds, baseline.scale),
    spent: minutes(spentSeconds, baseline.scale),
    saved: minutes(saved, baseline.scale),
  };
}
