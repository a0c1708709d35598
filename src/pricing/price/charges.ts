/**
 * What a ticket is under a timeline, before any price: its plan-independent facts, prepared once
 * per pricing run and shared by every plan (deduplicated usage, solves, reopens, first human
 * involvement, usage totals), then its outcome judged and its usage split by the plan in force.
 * @module
 */
import { type TicketFacts, toFacts, type UsageFact } from '../activity/facts.js';
import { toolsUsed, type UsageTotals, usageTotals } from '../activity/totals.js';
import type { RatedCharges } from '../models/model.js';
import { selectTier, type Tier, tierRules } from '../models/tiered.js';
import { judgeOutcome, type OutcomeResult, type OutcomeRules } from '../outcome/evaluate.js';
import type { TicketActivity } from '../schema/activity.js';
import type { TieredPlanBody } from '../schema/plan.js';
import { type PlanInForce, planAt, type Timeline } from '../timeline/timeline.js';

/**
 * Replaces the evaluated outcome, for what-if replays: the break-even between two plans prices
 * the same traffic as if the AI had resolved every AI ticket, then as if it had resolved none
 * (its resolutions become escalations; assisted tickets stay assisted).
 */
export type OutcomeScenario = 'as_is' | 'all_resolved' | 'none_resolved';

/** What a ticket is at an instant, whatever the plan. A replay prepares each ticket once. */
export interface PreparedTicket {
  readonly facts: TicketFacts;
  readonly totals: UsageTotals;
  /** The tools it used, once a breakdown asks (see {@link toolsOf}); a sum needs none. */
  tools: readonly string[] | null;
  /** Outcomes already judged, with the key of the rules that judged them (see {@link judged}). */
  readonly outcomes: Judged[];
}

/** An outcome judged under one set of rules, and what a flat plan throughout rates from it. */
interface Judged {
  readonly key: string;
  readonly outcome: OutcomeResult;
  /**
   * The charges of a flat plan in force throughout that judges by these rules, as it stands
   * (no what-if scenario): the same for every such plan, so a replay makes it once per ticket.
   */
  flat?: TicketWork;
}

export function prepareTicket(activity: TicketActivity, asOf: number): PreparedTicket {
  const facts = toFacts(activity, asOf);
  const totals = usageTotals(facts.usage);
  return { facts, totals, tools: null, outcomes: [] };
}

/** The distinct tools the ticket used, sorted: listed once, for every plan that asks. */
export function toolsOf(prepared: PreparedTicket): readonly string[] {
  prepared.tools ??= toolsUsed(prepared.totals);
  return prepared.tools;
}

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
      rule: 2,
      confirmedAt: lastUsageAt,
      confirmsAt: null,
      decidedAt: lastUsageAt,
      restsOn: lastUsageAt,
    };
  }
  // Undo only the AI's resolutions; assisted and escalated tickets stay as they are.
  if (actual.outcome !== 'ai_resolved' && actual.outcome !== 'pending_confirmation') return actual;
  return {
    ...actual,
    outcome: 'escalated',
    rule: 3,
    confirmedAt: null,
    confirmsAt: null,
    decidedAt: null,
    restsOn: null,
  };
}

/** The tier a tiered plan version chose for this ticket, or null for a flat plan. */
function tierFor(plan: PlanInForce, prepared: PreparedTicket): Tier | null {
  const p = plan.plan;
  return p.model === 'tiered' ? selectTier(p, prepared.facts, prepared.totals) : null;
}

/** The outcome rules a plan version applies to this ticket (a tiered plan: its chosen tier's). */
function rulesOf(plan: PlanInForce, prepared: PreparedTicket): OutcomeRules {
  const p = plan.plan;
  return p.model === 'tiered' ? tierRules(p, selectTier(p, prepared.facts, prepared.totals)) : p;
}

const rulesKeys = new WeakMap<OutcomeRules, string>();
/** Rules that judge alike have one key (plans and tiers are immutable, so it is cached). */
function rulesKey(rules: OutcomeRules): string {
  let key = rulesKeys.get(rules);
  if (key === undefined) {
    key = `${rules.confirmationWindowHours ?? ''}|${rules.minCsat ?? ''}|${rules.revokeOnLateReopen ?? ''}`;
    rulesKeys.set(rules, key);
  }
  return key;
}

/**
 * The outcome under one set of rules throughout. Plans with the same outcome rules judge a
 * ticket alike, so a replay judges it once per set of rules, not once per plan.
 */
function judged(rules: OutcomeRules, prepared: PreparedTicket): Judged {
  const key = rulesKey(rules);
  for (const seen of prepared.outcomes) if (seen.key === key) return seen;
  const entry: Judged = { key, outcome: judgeOutcome(prepared.facts, () => rules) };
  prepared.outcomes.push(entry);
  return entry;
}

/**
 * The outcome with each solve judged under the plan in force at it (a timeline of several
 * stretches: one plan throughout is judged by {@link judged}).
 */
function outcomeOver(timeline: Timeline, prepared: PreparedTicket): OutcomeResult {
  return judgeOutcome(prepared.facts, (solve) => rulesOf(planAt(timeline, solve), prepared));
}

/** The usage of a ticket split by the plan in force at each event, indexed by plan rank. */
function splitUsage(timeline: Timeline, prepared: PreparedTicket): (UsageFact[] | undefined)[] {
  const sets: (UsageFact[] | undefined)[] = new Array(timeline.plans.length);
  const usage = prepared.facts.usage as UsageFact[];
  if (usage.length === 0) return sets;
  if (timeline.segments.length === 1) {
    sets[timeline.segments[0]!.plan.rank] = usage;
    return sets;
  }
  for (const u of usage) {
    const rank = planAt(timeline, u.at).rank;
    const set = sets[rank];
    if (set) set.push(u);
    else sets[rank] = [u];
  }
  return sets;
}

export interface TicketWork {
  readonly prepared: PreparedTicket;
  readonly outcome: OutcomeResult;
  /** Indexed by plan rank: the charges each version rates, if any. */
  readonly charges: readonly (RatedCharges | undefined)[];
}

const NO_USAGE: readonly UsageFact[] = [];

/**
 * One plan in force throughout (every replay): all usage and the outcome are rated under it, so
 * there is nothing to split and no instant to look up.
 */
function chargesUnder(
  plan: PlanInForce,
  prepared: PreparedTicket,
  scenario: OutcomeScenario,
): TicketWork {
  const { facts } = prepared;
  const tier = tierFor(plan, prepared);
  const rules =
    tier === null ? (plan.plan as OutcomeRules) : tierRules(plan.plan as TieredPlanBody, tier);
  const entry = judged(rules, prepared);
  // Every flat plan of a replay that judges alike rates the same charges: made once, shared.
  const shared = tier === null && scenario === 'as_is' && plan.rank === 0;
  if (shared && entry.flat) return entry.flat;
  const outcome = scenarioOutcome(entry.outcome, scenario, facts.history.lastUsageAt);
  const ratesOutcome = outcome.restsOn !== null;
  // A plan of rank > 0 was listed before a tied activation that was never in force.
  const charges: (RatedCharges | undefined)[] = [];
  if (facts.usage.length > 0 || ratesOutcome) {
    charges[plan.rank] = {
      facts,
      usage: facts.usage,
      totals: prepared.totals,
      ticketTotals: prepared.totals,
      outcome,
      ratesOutcome,
      tier,
    };
  }
  const work = { prepared, outcome, charges };
  if (shared) entry.flat = work;
  return work;
}

export function chargesOf(
  timeline: Timeline,
  prepared: PreparedTicket,
  scenario: OutcomeScenario,
): TicketWork {
  if (timeline.segments.length === 1) {
    return chargesUnder(timeline.segments[0]!.plan, prepared, scenario);
  }
  const { facts } = prepared;
  const outcome = scenarioOutcome(
    outcomeOver(timeline, prepared),
    scenario,
    facts.history.lastUsageAt,
  );
  const outcomeRank = outcome.restsOn === null ? -1 : planAt(timeline, outcome.restsOn).rank;
  const sets = splitUsage(timeline, prepared);
  const charges: (RatedCharges | undefined)[] = new Array(timeline.plans.length);
  for (let rank = 0; rank < sets.length; rank++) {
    const usage = sets[rank];
    if (!usage && rank !== outcomeRank) continue;
    const plan = timeline.plans[rank]!;
    charges[rank] = {
      facts,
      usage: usage ?? NO_USAGE,
      totals: usage === facts.usage ? prepared.totals : usageTotals(usage ?? NO_USAGE),
      ticketTotals: prepared.totals,
      outcome,
      ratesOutcome: rank === outcomeRank,
      tier: tierFor(plan, prepared),
    };
  }
  return { prepared, outcome, charges };
}
