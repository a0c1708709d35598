/**
 * Pricing entry points: one ticket alone, or a period of tickets together.
 * @module
 */
import type { Breakdown } from '../breakdown.js';
import {
  assembleBreakdown,
  type BreakdownHeader,
  type TicketCost,
  ticketCost,
} from '../breakdown.js';
import { PricingInputError } from '../errors.js';
import type { DraftLine } from '../models/line.js';
import type { TicketActivity } from '../schema/activity.js';
import type { Plan } from '../schema/plan.js';
import { linesAlone } from './alone.js';
import { type PriceOptions, resolveAsOf, resolveTimeZone } from './options.js';
import { periodLines } from './period.js';
import { asOfInstant, type OutcomeScenario, prepareTicket, resolveTicket } from './resolve.js';

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
  const asOf = asOfInstant(resolveAsOf(options.asOf));
  const ticket = resolveTicket(plan, prepareTicket(activity, asOf.ms), asOf);
  return assembleBreakdown(ticket.header, linesAlone(ticket));
}

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
  return replay(plans, activities, options, scenarios, assembleBreakdown);
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
  return replay(plans, activities, options, scenarios, ticketCost);
}

function replay<T>(
  plans: readonly Plan[],
  activities: readonly TicketActivity[],
  options: PriceOptions,
  scenarios: readonly OutcomeScenario[],
  finish: (header: BreakdownHeader, lines: readonly DraftLine[]) => T,
): T[][] {
  assertDistinctTickets(activities);
  const asOf = asOfInstant(resolveAsOf(options.asOf));
  const timeZone = resolveTimeZone(options.timeZone);
  const prepared = activities.map((a) => prepareTicket(a, asOf.ms));
  return plans.flatMap((plan) =>
    scenarios.map((scenario) => {
      const tickets = prepared.map((t) => resolveTicket(plan, t, asOf, scenario));
      const lines = periodLines(plan, tickets, timeZone);
      return tickets.map((t, i) => finish(t.header, lines[i]!));
    }),
  );
}

export type { OutcomeScenario, PriceOptions };
