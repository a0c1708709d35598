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
  type OutcomeScenario,
  type PricedTicket,
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
function replays(plans: readonly Plan[], scenarios: readonly OutcomeScenario[]) {
  return plans.flatMap((plan) => {
    const timeline = singlePlanTimeline(plan);
    return scenarios.map((scenario) => ({ timeline, scenario }));
  });
}

function breakdowns(
  timeline: Timeline,
  priced: readonly PricedTicket[],
  asOf: number,
  named: boolean,
): Breakdown[] {
  const format = {
    asOf: formatInstant(asOf),
    currency: timeline.currency,
    minorDigits: minorUnits(timeline.currency),
    timeline: named,
  };
  return priced.map((t) => assembleBreakdown(t, format));
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
  const [priced] = priceOverTimelines([{ timeline }], [activity], run);
  return breakdowns(timeline, priced!, run.asOf, namePlans)[0]!;
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
  const priced = priceOverTimelines([{ timeline }], [activity], run)[0]!;
  const cost = ticketCost(priced[0]!, minorUnits(timeline.currency));
  return {
    breakdown: breakdowns(timeline, priced, run.asOf, true)[0]!,
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
  const [priced] = priceOverTimelines([{ timeline }], activities, run);
  return breakdowns(timeline, priced!, run.asOf, true);
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
  const pricings = replays(plans, scenarios);
  return priceOverTimelines(pricings, activities, run).map((priced, k) =>
    breakdowns(pricings[k]!.timeline, priced, run.asOf, false),
  );
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
  const pricings = replays(plans, ['as_is']);
  return priceOverTimelines(pricings, activities, run).map((priced, k) => {
    const { timeline } = pricings[k]!;
    const digits = minorUnits(timeline.currency);
    return {
      breakdowns: breakdowns(timeline, priced, run.asOf, false),
      costs: priced.map((t) => ticketCost(t, digits)),
    };
  });
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
