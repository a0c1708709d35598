/**
 * The other two outcome metrics as a team lead reads them (spec section 9): human minutes
 * spent and saved, and each month's cohort escalation rate beside the agreed baseline, with the
 * escalation fee and whether it is still provisional. Priced as a period over the timeline; the
 * breakdowns are the core's own, read back where they are summed (shares in minor units, hours
 * saved to their six written digits).
 * @module
 */
import type { Breakdown } from '../breakdown.js';
import { formatFixed, parseDecimal, pow10 } from '../money/decimal.js';
import { formatAmount, money, parseAmount } from '../money/money.js';
import { divideHalfEven } from '../money/rounding.js';
import { compareCodePoints } from '../order.js';
import { DEFAULT_CONFIRMATION_WINDOW_HOURS } from '../outcome/evaluate.js';
import { prepareTicket } from '../price/charges.js';
import { type PriceOptions, pricePeriodOver } from '../price/index.js';
import { resolveAsOf, resolveTimeZone } from '../price/options.js';
import type { TicketActivity } from '../schema/activity.js';
import type { Plan } from '../schema/plan.js';
import { HOUR_MS, monthBounds, monthOf } from '../time.js';
import { planAt, planKey, type Timeline } from '../timeline/timeline.js';
import { type Grouping, groupKeys } from './grouping.js';
import { RATE_DIGITS } from './tally.js';

/**
 * One version's cohort of one month (section 9: under a timeline, a version's cohort is the
 * month's tickets whose first usage event it rates); one row per month under a single plan.
 */
export interface CohortMetrics {
  /** The month (`"2026-11"`) whose first-usage tickets form the cohort. */
  readonly month: string;
  /** The plan version (`id@version`) that rates the cohort's first usage events. */
  readonly plan: string;
  readonly tickets: number;
  /** Human-involved by D (the earlier of asOf and the month's end + W). */
  readonly escalated: number;
  /** escalated / tickets, four decimals. */
  readonly rate: string;
  /** That plan's agreed baseline, where it pays for fewer escalations. */
  readonly baselineRate: string | null;
  /** The escalation fee shared among the cohort (decimal string), and whether it may still fall. */
  readonly fee: string;
  readonly provisional: boolean;
}

/** Human minutes of the tickets filed under one key of the report's grouping. */
export interface MinutesGroup {
  readonly key: string | null;
  readonly tickets: number;
  readonly humanMinutesSpent: string;
  readonly humanMinutesSaved: string;
}

export interface OutcomeMetricsOptions extends PriceOptions {
  /** Also split the human minutes by this grouping, as the summary report groups. */
  readonly groupBy?: Grouping;
}

export interface OutcomeMetrics {
  readonly tickets: number;
  /** Human handling time on these tickets, in minutes (two decimals, half to even). */
  readonly humanMinutesSpent: string;
  /** Minutes saved against the agreed baseline, where the plan pays for time saved. */
  readonly humanMinutesSaved: string;
  readonly cohorts: readonly CohortMetrics[];
  /** By `groupBy`, in key order (none last); absent without one. */
  readonly groups?: readonly MinutesGroup[];
}

const MINUTE_DIGITS = 2;

/** A decimal string to 2 digits from an exact count of seconds × 10^k / 60. */
function minutes(numerator: bigint, denominator: bigint): string {
  return formatFixed(divideHalfEven(numerator * pow10(MINUTE_DIGITS), denominator), MINUTE_DIGITS);
}

/** A breakdown's hours saved, in millionths (its time_saved quantities carry at most 6 digits). */
function savedMicroHours(b: Breakdown): bigint {
  let total = 0n;
  for (const l of b.lines) {
    if (l.code !== 'time_saved') continue;
    const d = parseDecimal(l.quantity);
    total += d.units * pow10(6 - d.scale);
  }
  return total;
}

/** Minutes spent (from seconds) and saved (from millionths of hours), written. */
function writtenMinutes(seconds: bigint, micro: bigint) {
  return {
    humanMinutesSpent: minutes(seconds, 60n),
    humanMinutesSaved: minutes(micro * 60n, pow10(6)),
  };
}

export function outcomeMetrics(
  timeline: Timeline,
  activities: readonly TicketActivity[],
  options: OutcomeMetricsOptions = {},
): OutcomeMetrics {
  const asOf = resolveAsOf(options.asOf);
  const timeZone = resolveTimeZone(options.timeZone);
  const breakdowns = pricePeriodOver(timeline, activities, { ...options, asOf: new Date(asOf) });
  const prepared = activities.map((a) => prepareTicket(a, asOf));
  const spent = prepared.map((p) => BigInt(p.facts.history.humanSeconds));
  const saved = breakdowns.map(savedMicroHours);
  const sum = (xs: readonly bigint[]) => xs.reduce((x, y) => x + y, 0n);
  // Keyed by month and version, in that order: "2026-11 perf@1".
  const cohorts = new Map<
    string,
    { month: string; plan: Plan; tickets: number; escalated: number }
  >();
  const cohortKeys: (string | null)[] = [];
  for (const p of prepared) {
    const first = p.facts.history.firstUsage;
    if (!first) {
      cohortKeys.push(null);
      continue;
    }
    const month = monthOf(first.at, timeZone);
    const plan = planAt(timeline, first.at).plan;
    const key = `${month} ${planKey(plan)}`;
    cohortKeys.push(key);
    const hours =
      (plan.model === 'base_plus_performance' ? plan.confirmationWindowHours : undefined) ??
      DEFAULT_CONFIRMATION_WINDOW_HOURS;
    const d = Math.min(asOf, monthBounds(month, timeZone).end + hours * HOUR_MS);
    const involved = p.facts.history.humanInvolvedAt;
    const c = cohorts.get(key) ?? { month, plan, tickets: 0, escalated: 0 };
    c.tickets += 1;
    if (involved !== null && involved <= d) c.escalated += 1;
    cohorts.set(key, c);
  }
  const fees = new Map<string, { minor: bigint; provisional: boolean }>();
  breakdowns.forEach((b, i) => {
    const key = cohortKeys[i];
    const share = b.lines.find((l) => l.code === 'escalation_reduction_share');
    if (!key || !share) return;
    const entry = fees.get(key) ?? { minor: 0n, provisional: false };
    entry.minor += parseAmount(share.amount, timeline.currency).minor;
    entry.provisional ||= share.provisional;
    fees.set(key, entry);
  });
  const groupBy = options.groupBy;
  let groups: MinutesGroup[] | undefined;
  if (groupBy) {
    const byKey = new Map<string | null, { tickets: number; spent: bigint; saved: bigint }>();
    breakdowns.forEach((b, i) => {
      const first = prepared[i]!.facts.history.firstUsage?.at ?? null;
      for (const key of groupKeys(b, activities[i]!, first, groupBy, timeZone)) {
        const g = byKey.get(key) ?? { tickets: 0, spent: 0n, saved: 0n };
        g.tickets += 1;
        g.spent += spent[i]!;
        g.saved += saved[i]!;
        byKey.set(key, g);
      }
    });
    groups = [...byKey]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : compareCodePoints(a, b)))
      .map(([key, g]) => ({ key, tickets: g.tickets, ...writtenMinutes(g.spent, g.saved) }));
  }
  return {
    ...(groups ? { groups } : {}),
    tickets: activities.length,
    ...writtenMinutes(sum(spent), sum(saved)),
    cohorts: [...cohorts.entries()]
      .sort(([a], [b]) => compareCodePoints(a, b))
      .map(([key, c]) => {
        const terms =
          c.plan.model === 'base_plus_performance' ? c.plan.escalationReduction : undefined;
        const fee = fees.get(key);
        return {
          month: c.month,
          plan: planKey(c.plan),
          tickets: c.tickets,
          escalated: c.escalated,
          rate: formatFixed(
            divideHalfEven(BigInt(c.escalated) * pow10(RATE_DIGITS), BigInt(c.tickets)),
            RATE_DIGITS,
          ),
          baselineRate: terms?.baselineRate ?? null,
          fee: formatAmount(money(fee?.minor ?? 0n, timeline.currency)),
          provisional: fee?.provisional ?? false,
        };
      }),
  };
}
