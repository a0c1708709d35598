/**
 * One ticket made ready for a pricing model: its facts at `asOf`, its usage totals, the body
 * that prices it (the matching tier's, for tiered plans) and its outcome under that body's rules.
 * @module
 */
import { type TicketFacts, toFacts } from '../activity/facts.js';
import { toolsUsed, type UsageTotals, usageTotals } from '../activity/totals.js';
import type { BreakdownHeader } from '../breakdown.js';
import type { TicketContext } from '../models/context.js';
import { selectTier } from '../models/tiered.js';
import { minorUnits } from '../money/currency.js';
import { evaluateOutcome, type OutcomeResult, type OutcomeRules } from '../outcome/evaluate.js';
import type { TicketActivity } from '../schema/activity.js';
import type { FlatPlanBody, Plan } from '../schema/plan.js';
import { formatInstant } from '../time.js';

export interface ResolvedTicket extends TicketContext {
  readonly body: FlatPlanBody;
  readonly tier: string | null;
  readonly header: BreakdownHeader;
}

/**
 * Replaces the evaluated outcome, for what-if replays: the break-even between two plans prices
 * the same traffic as if the AI had resolved every AI ticket, then as if it had resolved none
 * (its resolutions become escalations; assisted tickets stay assisted).
 */
export type OutcomeScenario = 'as_is' | 'all_resolved' | 'none_resolved';

function scenarioOutcome(
  actual: OutcomeResult,
  scenario: OutcomeScenario,
  lastUsageAt: number | null,
): OutcomeResult {
  if (scenario === 'as_is' || actual.outcome === 'no_ai' || lastUsageAt === null) return actual;
  if (scenario === 'all_resolved') {
    return {
      ...actual,
      outcome: 'ai_resolved',
      confirmedAt: lastUsageAt,
      confirmsAt: null,
      decidedAt: lastUsageAt,
    };
  }
  // Undo only the AI's resolutions; assisted and escalated tickets stay as they are.
  if (actual.outcome !== 'ai_resolved' && actual.outcome !== 'pending_confirmation') return actual;
  return { ...actual, outcome: 'escalated', confirmedAt: null, confirmsAt: null, decidedAt: null };
}

function lastUsageAt(facts: TicketFacts): number | null {
  let last: number | null = null;
  for (const u of facts.usage) if (last === null || u.at > last) last = u.at;
  return last;
}

/** The instant to price at, as epoch ms and as the text every breakdown shows. */
export interface AsOf {
  readonly ms: number;
  readonly text: string;
}

export function asOfInstant(ms: number): AsOf {
  return { ms, text: formatInstant(ms) };
}

/**
 * What a ticket is at an instant, whatever the plan: its facts, usage totals and tools. A replay
 * under several plans prepares each ticket once.
 */
export interface PreparedTicket {
  readonly facts: TicketFacts;
  readonly totals: UsageTotals;
  readonly tools: readonly string[];
  readonly lastUsageAt: number | null;
}

export function prepareTicket(activity: TicketActivity, asOf: number): PreparedTicket {
  const facts = toFacts(activity, asOf);
  const totals = usageTotals(facts.usage);
  return { facts, totals, tools: toolsUsed(totals), lastUsageAt: lastUsageAt(facts) };
}

export function resolveTicket(
  plan: Plan,
  { facts, totals, tools, lastUsageAt }: PreparedTicket,
  at: AsOf,
  scenario: OutcomeScenario = 'as_is',
): ResolvedTicket {
  let body: FlatPlanBody;
  let tier: string | null = null;
  let rules: OutcomeRules = plan;
  if (plan.model === 'tiered') {
    const chosen = selectTier(plan, facts, totals);
    body = chosen.plan;
    tier = chosen.name;
    // A tier keeps the plan's outcome rules unless it sets its own.
    rules = {
      confirmationWindowHours: body.confirmationWindowHours ?? plan.confirmationWindowHours,
      minCsat: body.minCsat ?? plan.minCsat,
      revokeOnLateReopen: body.revokeOnLateReopen ?? plan.revokeOnLateReopen,
    };
  } else {
    body = plan;
  }
  const outcome = scenarioOutcome(evaluateOutcome(facts, rules), scenario, lastUsageAt);
  return {
    facts,
    totals,
    outcome,
    body,
    tier,
    header: {
      ticketId: facts.ticketId,
      planId: plan.id,
      planVersion: plan.version,
      currency: plan.currency,
      minorDigits: minorUnits(plan.currency),
      asOf: at.text,
      outcome: outcome.outcome,
      tier,
      confirmedAt: outcome.confirmedAt,
      confirmsAt: outcome.confirmsAt,
      decidedAt: outcome.decidedAt,
      tools,
      conflicts: facts.conflicts,
    },
  };
}
