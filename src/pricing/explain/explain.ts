/**
 * Why billed, why not (spec section 10): the outcome and the rule of section 3 that decided it,
 * with the facts it rests on; the tier and the conditions that chose it; and for each line the
 * usage events it sums, its rate and where the rate came from, and its exact amount before
 * rounding. Computed by the same engine as the breakdown, so the two always agree.
 * @module
 */
import { assembleBreakdown, type Breakdown } from '../breakdown.js';
import type { DraftLine } from '../models/line.js';
import type { LineTrace, RatedCharges } from '../models/model.js';
import { modelOf } from '../models/registry.js';
import { type ConditionName, conditionResults, selectTier } from '../models/tiered.js';
import { minorUnits } from '../money/currency.js';
import { fromDecimal, mulRatio, type Ratio } from '../money/ratio.js';
import type { Outcome, OutcomeRule } from '../outcome/evaluate.js';
import type { PreparedTicket } from '../price/charges.js';
import { priceOverTimelines } from '../price/engine.js';
import { type PriceOptions, resolveAsOf, resolveTimeZone } from '../price/options.js';
import type { TicketActivity } from '../schema/activity.js';
import type { FlatPlanBody, Plan } from '../schema/plan.js';
import { formatInstant } from '../time.js';
import {
  type PlanInForce,
  planAt,
  singlePlanTimeline,
  type Timeline,
} from '../timeline/timeline.js';
import { exactDecimal } from './exact.js';
import { rateSource } from './rates.js';

export interface SolveExplanation {
  readonly at: string;
  /** The plan in force at the solve, which judged it (`id@version`). */
  readonly plan: string;
  readonly windowHours: number;
  /** C: when it confirms or confirmed; null when it cannot. */
  readonly confirmsAt: string | null;
  readonly blockedBy: 'reopen' | 'human' | null;
  readonly revoked: boolean;
}

export interface TierExplanation {
  readonly name: string;
  /** The names of the tier's `when` conditions that held (all of them, or none given). */
  readonly matched: readonly ConditionName[];
  /** Each earlier tier and the first of its conditions that failed. */
  readonly skipped: readonly { name: string; failed: ConditionName }[];
  /** The tiered plan that chose it. */
  readonly plan: string;
}

export interface LineExplanation {
  readonly plan?: string;
  readonly code: string;
  /** The usage events the line sums (empty for outcome and period lines). */
  readonly eventIds: readonly string[];
  readonly quantity: string;
  readonly unitPrice: string;
  /** Where the rate comes from in the plan, e.g. `toolRates.order_lookup` or `rates.tool_call`. */
  readonly rateFrom: string;
  /** quantity × unit price before rounding: exact, or to 12 digits and marked `…`. */
  readonly exactAmount: string;
  readonly amount: string;
  /** True when rounding to the currency's minor units changed the amount. */
  readonly rounded: boolean;
  readonly provisional: boolean;
}

/** What would change the outcome next, when anything can. */
export type NextChange =
  | { readonly kind: 'confirms'; readonly at: string }
  | { readonly kind: 'none' };

export interface Explanation {
  readonly ticketId: string;
  readonly asOf: string;
  readonly outcome: Outcome;
  readonly rule: OutcomeRule;
  readonly confirmationAt: string | null;
  readonly humanInvolvedAt: string | null;
  readonly humanInvolvedBy: 'human_reply' | 'handoff' | null;
  readonly latestCsat: { readonly score: 'good' | 'bad'; readonly at: string } | null;
  /** The plan that judged the solve the outcome rests on (null for rules 1 and 3). */
  readonly judgedBy: string | null;
  readonly solves: readonly SolveExplanation[];
  readonly reopens: readonly string[];
  readonly next: NextChange;
  readonly tier: TierExplanation | null;
  readonly lines: readonly LineExplanation[];
  readonly total: string;
  readonly provisional: boolean;
  /** The breakdown these figures agree with. */
  readonly breakdown: Breakdown;
}

function instant(ms: number | null): string | null {
  return ms === null ? null : formatInstant(ms);
}

function explainTier(plan: PlanInForce, ticket: PreparedTicket): TierExplanation | null {
  const p = plan.plan;
  if (p.model !== 'tiered') return null;
  const { facts, totals } = ticket;
  const chosen = selectTier(p, facts, totals);
  const skipped: { name: string; failed: ConditionName }[] = [];
  for (const tier of p.tiers) {
    if (tier === chosen) break;
    const failed = conditionResults(tier.when, facts, totals).find((c) => !c.holds);
    if (failed) skipped.push({ name: tier.name, failed: failed.name });
  }
  return {
    name: chosen.name,
    matched: conditionResults(chosen.when, facts, totals).map((c) => c.name),
    skipped,
    plan: plan.key,
  };
}

function explainLine(
  plan: PlanInForce,
  charges: RatedCharges,
  draft: DraftLine,
  events: readonly string[],
  minorDigits: number,
  named: boolean,
  line: Breakdown['lines'][number],
): LineExplanation {
  const exact: Ratio = mulRatio(draft.quantity, fromDecimal(draft.unitPrice));
  // A tiered plan rates from its chosen tier's body.
  const p = plan.plan;
  const rateFrom =
    p.model === 'tiered' && charges.tier
      ? `tiers[${p.tiers.indexOf(charges.tier)}].plan.${rateSource(charges.tier.plan, draft.code)}`
      : rateSource(p as FlatPlanBody, draft.code);
  return {
    ...(named ? { plan: plan.key } : {}),
    code: draft.code,
    eventIds: events,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    rateFrom,
    exactAmount: exactDecimal(exact, 12),
    amount: line.amount,
    rounded: (exact.num * 10n ** BigInt(minorDigits)) % exact.den !== 0n,
    provisional: draft.provisional,
  };
}

/**
 * Explains one ticket priced alone over a timeline (or one plan) at asOf.
 *
 * @example
 * explainTicket(timeline, activity, { asOf: '2026-11-06T00:00:00Z' }).rule // 2
 */
export function explainTicket(
  timeline: Timeline,
  activity: TicketActivity,
  options: PriceOptions = {},
  named = true,
): Explanation {
  const asOf = resolveAsOf(options.asOf);
  const timeZone = resolveTimeZone(options.timeZone);
  const trace: LineTrace = new Map();
  // Kept: the lines are explained from the charges that rated them.
  const { priced, work } = priceOverTimelines(
    [{ timeline, finish: (ticket, kept) => ({ priced: ticket, work: kept! }) }],
    [activity],
    { asOf, timeZone, alone: true, trace },
    true,
  )[0]![0]!;
  const minorDigits = minorUnits(timeline.currency);
  const breakdown = assembleBreakdown(priced, {
    asOf: formatInstant(asOf),
    currency: timeline.currency,
    minorDigits,
    timeline: named,
  });
  const { outcome } = priced;
  const { prepared } = work;
  const h = prepared.facts.history;
  const lines: LineExplanation[] = [];
  let at = 0;
  for (const { plan, lines: drafts } of priced.byPlan) {
    const charges = work.charges[plan.rank]!;
    const model = modelOf(plan.plan);
    const events = model.lineEvents?.(plan.plan, charges) ?? new Map<string, string[]>();
    const traced = trace.get(prepared.facts.ticketId);
    for (const d of drafts) {
      const ids = events.get(d.code) ?? [...(traced?.get(d.code) ?? [])];
      lines.push(explainLine(plan, charges, d, ids, minorDigits, named, breakdown.lines[at++]!));
    }
  }
  // The tier: of the last tiered plan that prices a line, or of the head plan without lines.
  const tieredPlan =
    priced.byPlan.filter((p) => p.plan.plan.model === 'tiered').at(-1)?.plan ??
    (priced.byPlan.length === 0 ? priced.headPlan : null);
  return {
    ticketId: prepared.facts.ticketId,
    asOf: formatInstant(asOf),
    outcome: outcome.outcome,
    rule: outcome.rule,
    confirmationAt: instant(outcome.confirmedAt),
    humanInvolvedAt: instant(h.humanInvolvedAt),
    humanInvolvedBy: h.humanInvolvedBy,
    latestCsat:
      h.latestCsat === null ? null : { score: h.latestCsat, at: formatInstant(h.latestCsatAt!) },
    judgedBy: outcome.restsOn === null ? null : planAt(timeline, outcome.restsOn).key,
    solves: outcome.solves.map((s) => ({
      at: formatInstant(s.at),
      plan: planAt(timeline, s.at).key,
      windowHours: s.windowHours,
      confirmsAt: instant(s.confirmsAt),
      blockedBy: s.blockedBy,
      revoked: s.revoked,
    })),
    reopens: h.reopens.map(formatInstant),
    next:
      outcome.outcome === 'pending_confirmation' && outcome.confirmsAt !== null
        ? { kind: 'confirms', at: formatInstant(outcome.confirmsAt) }
        : { kind: 'none' },
    tier: tieredPlan ? explainTier(tieredPlan, prepared) : null,
    lines,
    total: breakdown.total,
    provisional: breakdown.provisional,
    breakdown,
  };
}

/** {@link explainTicket} under one plan throughout; lines do not name their plan. */
export function explainUnderPlan(
  plan: Plan,
  activity: TicketActivity,
  options: PriceOptions = {},
): Explanation {
  return explainTicket(singlePlanTimeline(plan), activity, options, false);
}
