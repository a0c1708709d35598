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
import type { DraftLine } from '../models/line.js';
import type { LineTrace, PeriodContext, PeriodTicket, RatedCharges } from '../models/model.js';
import { modelOf } from '../models/registry.js';
import { selectTier, tierRules } from '../models/tiered.js';
import { minorUnits } from '../money/currency.js';
import { type Ratio, ratio } from '../money/ratio.js';
import { judgeOutcome, type OutcomeResult, type OutcomeRules } from '../outcome/evaluate.js';
import type { TicketActivity } from '../schema/activity.js';
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
}

export function prepareTicket(activity: TicketActivity, asOf: number): PreparedTicket {
  const facts = toFacts(activity, asOf);
  const totals = usageTotals(facts.usage);
  return { facts, totals, tools: toolsUsed(totals) };
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

/** The outcome rules a plan version applies to this ticket (a tiered plan: its chosen tier's). */
function rulesOf(plan: PlanInForce, prepared: PreparedTicket): OutcomeRules {
  const p = plan.plan;
  return p.model === 'tiered' ? tierRules(p, selectTier(p, prepared.facts, prepared.totals)) : p;
}

/** The usage of a ticket split by the plan in force at each event. */
function splitUsage(timeline: Timeline, prepared: PreparedTicket): Map<PlanInForce, UsageFact[]> {
  const sets = new Map<PlanInForce, UsageFact[]>();
  if (timeline.segments.length === 1) {
    if (prepared.facts.usage.length > 0)
      sets.set(timeline.plans[0]!, prepared.facts.usage as UsageFact[]);
    return sets;
  }
  for (const u of prepared.facts.usage) {
    const plan = planAt(timeline, u.at);
    const set = sets.get(plan);
    if (set) set.push(u);
    else sets.set(plan, [u]);
  }
  return sets;
}

interface TicketWork {
  readonly prepared: PreparedTicket;
  readonly outcome: OutcomeResult;
  readonly charges: Map<PlanInForce, RatedCharges>;
}

function chargesOf(
  timeline: Timeline,
  prepared: PreparedTicket,
  scenario: OutcomeScenario,
): TicketWork {
  const { facts } = prepared;
  const single = timeline.segments.length === 1;
  const rulesAt = single
    ? (() => {
        const rules = rulesOf(timeline.plans[0]!, prepared);
        return () => rules;
      })()
    : (solve: number) => rulesOf(planAt(timeline, solve), prepared);
  const outcome = scenarioOutcome(
    judgeOutcome(facts, rulesAt),
    scenario,
    facts.history.lastUsageAt,
  );
  const ratesOutcome = outcome.restsOn === null ? null : planAt(timeline, outcome.restsOn);
  const charges = new Map<PlanInForce, RatedCharges>();
  for (const [plan, usage] of splitUsage(timeline, prepared)) {
    charges.set(plan, {
      facts,
      usage,
      totals: usage === facts.usage ? prepared.totals : usageTotals(usage),
      ticketTotals: prepared.totals,
      outcome,
      ratesOutcome: plan === ratesOutcome,
    });
  }
  if (ratesOutcome && !charges.has(ratesOutcome)) {
    charges.set(ratesOutcome, {
      facts,
      usage: [],
      totals: usageTotals([]),
      ticketTotals: prepared.totals,
      outcome,
      ratesOutcome: true,
    });
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

/** Prices tickets over a timeline; results in input order. */
export function priceOverTimeline(
  timeline: Timeline,
  tickets: readonly PreparedTicket[],
  options: EngineOptions,
): PricedTicket[] {
  const minorDigits = minorUnits(timeline.currency);
  const scenario = options.scenario ?? 'as_is';
  const work = tickets.map((t) => chargesOf(timeline, t, scenario));
  // Per ticket, per plan: its lines.
  const lines = work.map(() => new Map<PlanInForce, DraftLine[]>());
  for (const plan of timeline.plans) {
    const model = modelOf(plan.plan);
    const members: PeriodTicket[] = [];
    const index = new Map<string, number>();
    work.forEach((w, i) => {
      const charges = w.charges.get(plan);
      if (!charges) return;
      const own = model.ticketLines(plan.plan, charges);
      if (own.length > 0) lines[i]!.set(plan, own);
      members.push({ ticketId: w.prepared.facts.ticketId, charges });
      index.set(w.prepared.facts.ticketId, i);
    });
    if (!model.periodLines || members.length === 0) continue;
    const fromPeriod = model.periodLines(
      plan.plan,
      members,
      periodContext(timeline, plan, options, minorDigits),
    );
    for (const [ticketId, extra] of fromPeriod) {
      const i = index.get(ticketId)!;
      const own = lines[i]!.get(plan);
      if (own) own.push(...extra);
      else lines[i]!.set(plan, extra);
    }
  }
  return work.map((w, i): PricedTicket => {
    const byPlan: PlanLines[] = [];
    let headPlan: PlanInForce | null = null;
    let latest = -Infinity;
    for (const plan of timeline.plans) {
      const own = lines[i]!.get(plan)?.filter((l) => l.quantity.num !== 0n);
      if (!own || own.length === 0) continue;
      byPlan.push({ plan, lines: own });
      const at = latestCharge(own, w.charges.get(plan)!);
      if (headPlan === null || at > latest) {
        latest = at;
        headPlan = plan;
      }
    }
    if (headPlan === null || latest === -Infinity)
      headPlan = headPlan ?? planAt(timeline, options.asOf);
    else headPlan = planAt(timeline, latest);
    return {
      prepared: w.prepared,
      outcome: w.outcome,
      byPlan,
      headPlan,
      tier: tierOf(byPlan, headPlan, w.prepared),
    };
  });
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
