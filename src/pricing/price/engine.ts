/**
 * The pricing engine: tickets priced over a timeline of plans (spec section 8), alone or together
 * over their periods. Every entry point comes here; a single plan is a timeline of one activation.
 *
 * Facts once, plans many, ticket by ticket: a run reads each ticket's facts once (see
 * `charges.ts`), prices them under every pass (a timeline and a what-if scenario) and lets them
 * go before the next ticket. A pass keeps only what its result needs (lines, or sums) and what
 * its periods need (see {@link PeriodPricing}), so a replay of a whole tenant never holds every
 * ticket's facts at once; the period lines come once the last ticket is in.
 * @module
 */
import type { TicketCost } from '../breakdown.js';
import type { LineTrace, PeriodContext, PeriodPricing } from '../models/model.js';
import { modelOf } from '../models/registry.js';
import { minorUnits } from '../money/currency.js';
import { type Ratio, ratio } from '../money/ratio.js';
import type { TicketActivity } from '../schema/activity.js';
import { monthBounds, monthOf } from '../time.js';
import { inForceMs, type PlanInForce, type Timeline } from '../timeline/timeline.js';
import { chargesOf, type OutcomeScenario, prepareTicket } from './charges.js';
import { CostSink, type Finish, PricedSink, type Sink } from './sinks.js';

export type { Finish } from './sinks.js';
export type { OutcomeScenario };

/** What every pass of a run shares. */
export interface RunOptions {
  readonly asOf: number;
  readonly timeZone: string;
  /** Each ticket priced alone: a full pool per version, no shares of period fees. */
  readonly alone: boolean;
  /** When explaining: records which usage events each period line sums. */
  readonly trace?: LineTrace | null | undefined;
}

/** One pricing of every ticket of a run: a timeline, under an outcome scenario. */
interface Pass {
  readonly timeline: Timeline;
  readonly scenario: OutcomeScenario;
  readonly sink: Sink;
}

function periodContext(
  timeline: Timeline,
  plan: PlanInForce,
  options: RunOptions,
  minorDigits: number,
): PeriodContext {
  const fractions = new Map<string, Ratio>();
  const whole = ratio(1n);
  const bounds = (month: string) => monthBounds(month, options.timeZone);
  return {
    alone: options.alone,
    asOf: options.asOf,
    timeZone: options.timeZone,
    minorDigits,
    monthOf: (ms) => monthOf(ms, options.timeZone),
    bounds,
    fraction(month) {
      if (timeline.segments.length === 1) return whole;
      let f = fractions.get(month);
      if (!f) {
        const { start, end } = bounds(month);
        f = ratio(BigInt(inForceMs(timeline, plan.key, start, end)), BigInt(end - start));
        fractions.set(month, f);
      }
      return f;
    },
    trace: options.trace ?? null,
  };
}

/** A version's periods in a run: its accumulator, and the place of each ticket added to it. */
interface Periods {
  readonly pricing: PeriodPricing;
  readonly places: number[];
}

/**
 * Prices every ticket under every pass, ticket by ticket: each ticket's own lines go to the
 * pass's sink as soon as they are made, its period lines once every ticket is in.
 */
function run(
  activities: readonly TicketActivity[],
  options: RunOptions,
  passes: readonly Pass[],
): void {
  const periods = passes.map(({ timeline }) => {
    const digits = minorUnits(timeline.currency);
    return timeline.plans.map((plan): Periods | undefined => {
      const pricing = modelOf(plan.plan).period?.(
        plan.plan,
        periodContext(timeline, plan, options, digits),
      );
      return pricing && { pricing, places: [] };
    });
  });
  const periodic = periods.map((ranks) => ranks.some((period) => period !== undefined));
  for (let i = 0; i < activities.length; i++) {
    const prepared = prepareTicket(activities[i]!, options.asOf);
    for (let p = 0; p < passes.length; p++) {
      const { timeline, scenario, sink } = passes[p]!;
      const work = chargesOf(timeline, prepared, scenario);
      sink.ticket(i, work);
      for (const plan of timeline.plans) {
        const charges = work.charges[plan.rank];
        if (!charges) continue;
        const own = modelOf(plan.plan).ticketLines(plan.plan, charges);
        if (own.length > 0) sink.lines(i, plan.rank, own);
        const period = periods[p]![plan.rank];
        if (period) {
          period.pricing.add(charges);
          period.places.push(i);
        }
      }
      if (!periodic[p]) sink.settled(i);
    }
  }
  for (let p = 0; p < passes.length; p++) {
    if (!periodic[p]) continue;
    const { sink } = passes[p]!;
    for (const [rank, period] of periods[p]!.entries()) {
      if (!period || period.places.length === 0) continue;
      const fromPeriod = period.pricing.finish();
      for (let m = 0; m < period.places.length; m++) {
        const extra = fromPeriod[m];
        if (extra && extra.length > 0) sink.lines(period.places[m]!, rank, extra);
      }
    }
    for (let i = 0; i < activities.length; i++) sink.settled(i);
  }
}

/** A timeline to price the tickets over, under an outcome scenario. */
export interface Pricing {
  readonly timeline: Timeline;
  readonly scenario?: OutcomeScenario | undefined;
}

/** A pricing whose tickets are each made into a `T`. */
export interface PricingTo<T> extends Pricing {
  readonly finish: Finish<T>;
}

/**
 * The tickets priced over each timeline, each made into a result by its pricing's `finish` as soon
 * as its lines are all known; per timeline, results in input order. `keep` hands `finish` the ticket's
 * charges too (an explanation reads them), at the price of keeping them until then.
 */
export function priceOverTimelines<T>(
  pricings: readonly PricingTo<T>[],
  activities: readonly TicketActivity[],
  options: RunOptions,
  keep = false,
): T[][] {
  const sinks = pricings.map(
    (p) => new PricedSink(p.timeline, activities.length, options.asOf, p.finish, keep),
  );
  run(activities, options, passesOf(pricings, sinks));
  return sinks.map((sink) => sink.results);
}

/**
 * Only each ticket's exact totals, for comparisons and break-even: the same lines as
 * {@link priceOverTimelines}, summed as they are made, without assembling a breakdown.
 */
export function costsOverTimelines(
  pricings: readonly Pricing[],
  activities: readonly TicketActivity[],
  options: RunOptions,
): TicketCost[][] {
  const sinks = pricings.map((p) => new CostSink(p.timeline, activities.length));
  run(activities, options, passesOf(pricings, sinks));
  return sinks.map((sink) => sink.costs(activities));
}

function passesOf(pricings: readonly Pricing[], sinks: readonly Sink[]): Pass[] {
  return pricings.map((p, k) => ({
    timeline: p.timeline,
    scenario: p.scenario ?? 'as_is',
    sink: sinks[k]!,
  }));
}
