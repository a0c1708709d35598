/**
 * Pricing entry points: one ticket alone, or a period of tickets together, under one plan or
 * over a timeline of plans. All of them are thin calls of the engine.
 * @module
 */
import { assembleBreakdown, type Breakdown, type TicketCost, ticketCost } from '../breakdown.js';
import { PricingInputError } from '../errors.js';
import { minorUnits } from '../money/currency.js';
import { type Money, money } from '../money/money.js';
import type { TicketActivity } from '../schema/activity.js';
import type { Plan } from '../schema/plan.js';
import { formatInstant } from '../time.js';
import { singlePlanTimeline, type Timeline } from '../timeline/timeline.js';
import {
  costsOverTimelines,
  type Finish,
  type OutcomeScenario,
  type Pricing,
  priceOverTimelines,
  type RunOptions,
} from './engine.js';
import { type PriceOptions, resolveAsOf, resolveTimeZone } from './options.js';

/** Refuses a period that lists one ticket twice: its usage would be counted twice. */
function assertDistinctTickets(activities: readonly TicketActivity[]): void {
  const seen = new Set<string>();
  const issues = [];
  for (const [i, a] of activities.entries()) {
    if (seen.has(a.ticketId)) {
      issues.push({
        field: `[${i}].ticketId`,
        message: `ticket ${a.ticketId} appears more than once`,
      });
    }
    seen.add(a.ticketId);
  }
  if (issues.length > 0) throw new PricingInputError('activities', issues);
}

/** The run's options, checked once; each ticket's facts are read as the run reaches it. */
function runOptions(
  activities: readonly TicketActivity[],
  options: PriceOptions,
  alone: boolean,
): RunOptions {
  assertDistinctTickets(activities);
  return { asOf: resolveAsOf(options.asOf), timeZone: resolveTimeZone(options.timeZone), alone };
}

/** Each plan under each scenario, in that order: a timeline of one activation each. */
function replays(plans: readonly Plan[], scenarios: readonly OutcomeScenario[]): Pricing[] {
  return plans.flatMap((plan) => {
    const timeline = singlePlanTimeline(plan);
    return scenarios.map((scenario) => ({ timeline, scenario }));
  });
}

/** Writes each priced ticket of `timeline` as its breakdown; `named`: lines name their plan. */
function breakdowns(timeline: Timeline, asOf: number, named: boolean): Finish<Breakdown> {
  const format = {
    asOf: formatInstant(asOf),
    currency: timeline.currency,
    minorDigits: minorUnits(timeline.currency),
    timeline: named,
  };
  return (t) => assembleBreakdown(t, format);
}

/** Each priced ticket's breakdown, and its exact totals beside it. */
function withCosts(timeline: Timeline, asOf: number, named: boolean): Finish<BreakdownAndCost> {
  const breakdown = breakdowns(timeline, asOf, named);
  const digits = minorUnits(timeline.currency);
  return (t, work) => ({ breakdown: breakdown(t, work), cost: ticketCost(t, digits) });
}

interface BreakdownAndCost {
  readonly breakdown: Breakdown;
  readonly cost: TicketCost;
}

/**
 * Prices one ticket with no period context (a full credit pool, no base fee share).
 *
 * @example
 * priceTicket(plan, activity, { asOf: '2026-11-06T00:00:00Z' }).total // "0.99"
 */
export function priceTicket(
  plan: Plan,
  activity: TicketActivity,
  options: PriceOptions = {},
): Breakdown {
  return priceTicketOver(singlePlanTimeline(plan), activity, options, false);
}

/**
 * Prices one ticket alone over a timeline: each charge under the plan in force at its instant;
 * every line names its plan.
 */
export function priceTicketOver(
  timeline: Timeline,
  activity: TicketActivity,
  options: PriceOptions = {},
  namePlans = true,
): Breakdown {
  const run = runOptions([activity], options, true);
  const finish = breakdowns(timeline, run.asOf, namePlans);
  return priceOverTimelines([{ timeline, finish }], [activity], run)[0]![0]!;
}

/**
 * {@link priceTicketOver}, with the breakdown's totals as exact money beside it: what the
 * backend stores and sums, so that nothing reads an amount back from its text.
 */
export function priceTicketWithCost(
  timeline: Timeline,
  activity: TicketActivity,
  options: PriceOptions = {},
): { breakdown: Breakdown; confirmed: Money; total: Money } {
  const run = runOptions([activity], options, true);
  const finish = withCosts(timeline, run.asOf, true);
  const { breakdown, cost } = priceOverTimelines([{ timeline, finish }], [activity], run)[0]![0]!;
  return {
    breakdown,
    confirmed: money(cost.confirmedMinor, timeline.currency),
    total: money(cost.confirmedMinor + cost.provisionalMinor, timeline.currency),
  };
}

/**
 * Prices a tenant's tickets together over their periods: one credit pool per period drained in
 * event order across tickets; the base fee shared among the tickets with AI usage.
 * Breakdowns come back in input order.
 */
export function pricePeriod(
  plan: Plan,
  activities: readonly TicketActivity[],
  options: PriceOptions = {},
): Breakdown[] {
  return replayPlans([plan], activities, options)[0]!;
}

/** {@link pricePeriod} over a timeline: pools and base fees prorated per plan version and period. */
export function pricePeriodOver(
  timeline: Timeline,
  activities: readonly TicketActivity[],
  options: PriceOptions = {},
): Breakdown[] {
  const run = runOptions(activities, options, false);
  const finish = breakdowns(timeline, run.asOf, true);
  return priceOverTimelines([{ timeline, finish }], activities, run)[0]!;
}

/**
 * The same tickets priced over their periods under each plan (and outcome scenario, for
 * what-if replays): one list of breakdowns per plan and scenario, in input order. Each ticket's
 * facts are read once and shared by every plan.
 */
export function replayPlans(
  plans: readonly Plan[],
  activities: readonly TicketActivity[],
  options: PriceOptions = {},
  scenarios: readonly OutcomeScenario[] = ['as_is'],
): Breakdown[][] {
  const run = runOptions(activities, options, false);
  const pricings = replays(plans, scenarios).map((p) => ({
    ...p,
    finish: breakdowns(p.timeline, run.asOf, false),
  }));
  return priceOverTimelines(pricings, activities, run);
}

/**
 * {@link replayPlans} with each ticket's exact cost beside its breakdown, from the same pricing
 * (a summary of a replay then reads no amount back from its text).
 */
export function replayWithCosts(
  plans: readonly Plan[],
  activities: readonly TicketActivity[],
  options: PriceOptions = {},
): { breakdowns: Breakdown[]; costs: TicketCost[] }[] {
  const run = runOptions(activities, options, false);
  const pricings = replays(plans, ['as_is']).map((p) => ({
    ...p,
    finish: withCosts(p.timeline, run.asOf, false),
  }));
  return priceOverTimelines(pricings, activities, run).map((priced) => ({
    breakdowns: priced.map((t) => t.breakdown),
    costs: priced.map((t) => t.cost),
  }));
}

/**
 * {@link replayPlans} when only the totals matter (comparisons, break-even): the same exact
 * amounts, without formatting a line.
 */
export function replayCosts(
  plans: readonly Plan[],
  activities: readonly TicketActivity[],
  options: PriceOptions = {},
  scenarios: readonly OutcomeScenario[] = ['as_is'],
): TicketCost[][] {
  return costsOverTimelines(
    replays(plans, scenarios),
    activities,
    runOptions(activities, options, false),
  );
}

export type { OutcomeScenario, PriceOptions };
