/**
 * The pricing engine: tickets priced over a timeline of plans (spec section 8), alone or together
 * over their periods. Every entry point comes here; a single plan is a timeline of one activation.
 *
 * Facts once, plans many: a ticket's plan-independent facts (deduplicated usage, lifecycle in
 * order, solves, reopens, first human involvement, usage totals) are prepared once per replay;
 * each timeline then only judges the solves, splits the usage by plan and prices.
 * @module
 */
import { type TicketFacts, toFacts, type UsageFact } from '../activity/facts.js';
import { toolsUsed, type UsageTotals, usageTotals } from '../activity/totals.js';
import { CostSums, type TicketCost } from '../breakdown.js';
import type { DraftLine } from '../models/line.js';
import type { LineTrace, PeriodContext, PeriodTicket, RatedCharges } from '../models/model.js';
import { modelOf } from '../models/registry.js';
import { selectTier, type Tier, tierRules } from '../models/tiered.js';
import { minorUnits } from '../money/currency.js';
import { type Ratio, ratio } from '../money/ratio.js';
import { judgeOutcome, type OutcomeResult, type OutcomeRules } from '../outcome/evaluate.js';
import type { TicketActivity } from '../schema/activity.js';
import type { TieredPlanBody } from '../schema/plan.js';
import { monthBounds, monthOf } from '../time.js';
import { inForceMs, type PlanInForce, planAt, type Timeline } from '../timeline/timeline.js';

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
  readonly tools: readonly string[];
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
  return { facts, totals, tools: toolsUsed(totals), outcomes: [] };
}

/** The lines one plan version prices on a ticket. */
export interface PlanLines {
  readonly plan: PlanInForce;
  readonly lines: readonly DraftLine[];
}

export interface PricedTicket {
  readonly prepared: PreparedTicket;
  readonly outcome: OutcomeResult;
  /** Per plan that prices a line, in first-activation order. */
  readonly byPlan: readonly PlanLines[];
  /** The plan of the ticket's latest charge, or the plan in force at asOf without one. */
  readonly headPlan: PlanInForce;
  readonly tier: string | null;
  /** Indexed by plan rank: what each version rated (for explanations). */
  readonly charges: readonly (RatedCharges | undefined)[];
}

export interface EngineOptions {
  readonly asOf: number;
  readonly timeZone: string;
  /** Each ticket priced alone: a full pool per version, no shares of period fees. */
  readonly alone: boolean;
  readonly scenario?: OutcomeScenario | undefined;
  readonly trace?: LineTrace | null | undefined;
}

const OUTCOME_CODES = new Set(['resolution', 'assisted', 'csat_bonus', 'time_saved']);

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

interface TicketWork {
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

function chargesOf(
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

function periodContext(
  timeline: Timeline,
  plan: PlanInForce,
  options: EngineOptions,
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

/** The instant of a plan's latest charge on a ticket (spec section 8, "a charge is what makes a line"). */
function latestCharge(lines: readonly DraftLine[], charges: RatedCharges): number {
  let latest = -Infinity;
  const usageLine = lines.some((l) => !OUTCOME_CODES.has(l.code));
  if (usageLine) for (const u of charges.usage) if (u.at > latest) latest = u.at;
  const outcomeCharge =
    charges.ratesOutcome &&
    (lines.some((l) => OUTCOME_CODES.has(l.code)) ||
      (charges.outcome.outcome === 'ai_resolved' &&
        lines.some((l) => l.code.startsWith('credits_'))));
  if (outcomeCharge && charges.outcome.restsOn !== null && charges.outcome.restsOn > latest) {
    latest = charges.outcome.restsOn;
  }
  return latest;
}

/** Receives the lines of ticket `index` rated by the plan of `rank`: its own, then its period's. */
type Collect = (index: number, rank: number, lines: DraftLine[]) => void;

/** Each ticket's charges under each plan version, and its lines, given to `collect`. */
function linesOverTimeline(
  timeline: Timeline,
  tickets: readonly PreparedTicket[],
  options: EngineOptions,
  collect: Collect,
): TicketWork[] {
  const minorDigits = minorUnits(timeline.currency);
  const scenario = options.scenario ?? 'as_is';
  const work = tickets.map((t) => chargesOf(timeline, t, scenario));
  for (const plan of timeline.plans) {
    const model = modelOf(plan.plan);
    // The period's tickets, and the place of each in the replay.
    const members: PeriodTicket[] = [];
    const places: number[] = [];
    for (let i = 0; i < work.length; i++) {
      const charges = work[i]!.charges[plan.rank];
      if (!charges) continue;
      const own = model.ticketLines(plan.plan, charges);
      if (own.length > 0) collect(i, plan.rank, own);
      if (model.periodLines) {
        members.push(charges);
        places.push(i);
      }
    }
    if (!model.periodLines || members.length === 0) continue;
    const context = periodContext(timeline, plan, options, minorDigits);
    const fromPeriod = model.periodLines(plan.plan, members, context);
    for (let m = 0; m < members.length; m++) {
      const extra = fromPeriod[m];
      if (extra && extra.length > 0) collect(places[m]!, plan.rank, extra);
    }
  }
  return work;
}

/** Prices tickets over a timeline; results in input order. */
export function priceOverTimeline(
  timeline: Timeline,
  tickets: readonly PreparedTicket[],
  options: EngineOptions,
): PricedTicket[] {
  const count = timeline.plans.length;
  // The lines of ticket i under the plan of rank r are at lines[i * count + r].
  const lines: (DraftLine[] | undefined)[] = new Array(tickets.length * count);
  const work = linesOverTimeline(timeline, tickets, options, (i, rank, drafts) => {
    const at = i * count + rank;
    const own = lines[at];
    if (own) own.push(...drafts);
    else lines[at] = drafts;
  });
  const single = timeline.segments.length === 1;
  const priced: PricedTicket[] = new Array(work.length);
  for (let i = 0; i < work.length; i++) {
    const w = work[i]!;
    const byPlan: PlanLines[] = [];
    let latest = -Infinity;
    for (const plan of timeline.plans) {
      const own = lines[i * count + plan.rank];
      if (!own) continue;
      const kept = own.every(hasQuantity) ? own : own.filter(hasQuantity);
      if (kept.length === 0) continue;
      byPlan.push({ plan, lines: kept });
      // With one plan in force throughout, every charge is its own: no instant to look for.
      if (!single) {
        const at = latestCharge(kept, w.charges[plan.rank]!);
        if (at > latest) latest = at;
      }
    }
    const headPlan = single
      ? timeline.segments[0]!.plan
      : planAt(timeline, latest === -Infinity ? options.asOf : latest);
    priced[i] = {
      prepared: w.prepared,
      outcome: w.outcome,
      byPlan,
      headPlan,
      tier: single
        ? (w.charges[headPlan.rank]?.tier?.name ?? tierOf(byPlan, headPlan, w.prepared))
        : tierOf(byPlan, headPlan, w.prepared),
      charges: w.charges,
    };
  }
  return priced;
}

/**
 * Only each ticket's exact totals, for comparisons and break-even: the same lines as
 * {@link priceOverTimeline}, summed without assembling a breakdown.
 */
export function costsOverTimeline(
  timeline: Timeline,
  tickets: readonly PreparedTicket[],
  options: EngineOptions,
): TicketCost[] {
  // Each line is summed as soon as it is made: no ticket's lines outlive its plan's pass.
  const sums = new CostSums(tickets.length, minorUnits(timeline.currency));
  const work = linesOverTimeline(timeline, tickets, options, (i, _rank, lines) =>
    sums.add(i, lines),
  );
  const costs: TicketCost[] = new Array(work.length);
  for (let i = 0; i < work.length; i++) {
    const w = work[i]!;
    costs[i] = sums.cost(i, w.prepared.facts.ticketId, w.outcome.outcome);
  }
  return costs;
}

/** A line with quantity 0 is omitted (spec section 4). */
function hasQuantity(line: DraftLine): boolean {
  return line.quantity.num !== 0n;
}

/** The tier chosen by the last tiered plan that prices a line, or by the head plan without one. */
function tierOf(
  byPlan: readonly PlanLines[],
  head: PlanInForce,
  prepared: PreparedTicket,
): string | null {
  const tiered =
    byPlan.filter((p) => p.plan.plan.model === 'tiered').at(-1)?.plan ??
    (byPlan.length === 0 ? head : null);
  const plan = tiered?.plan;
  if (plan?.model !== 'tiered') return null;
  return selectTier(plan, prepared.facts, prepared.totals).name;
}
