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
import { CostSums, type TicketCost } from '../breakdown.js';
import type { DraftLine } from '../models/line.js';
import type { LineTrace, PeriodContext, PeriodPricing, RatedCharges } from '../models/model.js';
import { modelOf } from '../models/registry.js';
import { selectTier } from '../models/tiered.js';
import { minorUnits } from '../money/currency.js';
import { type Ratio, ratio } from '../money/ratio.js';
import type { Outcome, OutcomeResult } from '../outcome/evaluate.js';
import type { TicketActivity } from '../schema/activity.js';
import { monthBounds, monthOf } from '../time.js';
import { inForceMs, type PlanInForce, planAt, type Timeline } from '../timeline/timeline.js';
import {
  chargesOf,
  type OutcomeScenario,
  type PreparedTicket,
  prepareTicket,
  type TicketWork,
} from './charges.js';

export type { OutcomeScenario, PreparedTicket };

/** What every pass of a run shares. */
export interface RunOptions {
  readonly asOf: number;
  readonly timeZone: string;
  /** Each ticket priced alone: a full pool per version, no shares of period fees. */
  readonly alone: boolean;
  /** When explaining: records which usage events each period line sums. */
  readonly trace?: LineTrace | null | undefined;
}

/** What a pass does with the tickets as the run prices them. */
interface Sink {
  /** Ticket `index`'s charges under each version, while its facts are alive. */
  ticket(index: number, work: TicketWork): void;
  /** The lines of ticket `index` rated by the plan of `rank`: its own, later its period's. */
  lines(index: number, rank: number, lines: DraftLine[]): void;
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
    }
  }
  for (let p = 0; p < passes.length; p++) {
    for (const [rank, period] of periods[p]!.entries()) {
      if (!period || period.places.length === 0) continue;
      const fromPeriod = period.pricing.finish();
      for (let m = 0; m < period.places.length; m++) {
        const extra = fromPeriod[m];
        if (extra && extra.length > 0) passes[p]!.sink.lines(period.places[m]!, rank, extra);
      }
    }
  }
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

const OUTCOME_CODES = new Set(['resolution', 'assisted', 'csat_bonus', 'time_saved']);

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

/** A pass that keeps each ticket's lines, by plan, for its breakdown or explanation. */
class PricedSink implements Sink {
  private readonly count: number;
  private readonly work: TicketWork[];
  /** The lines of ticket i under the plan of rank r are at lines[i * count + r]. */
  private readonly drafts: (DraftLine[] | undefined)[];

  constructor(
    private readonly timeline: Timeline,
    tickets: number,
  ) {
    this.count = timeline.plans.length;
    this.work = new Array(tickets);
    this.drafts = new Array(tickets * this.count);
  }

  ticket(index: number, work: TicketWork): void {
    this.work[index] = work;
  }

  lines(index: number, rank: number, lines: DraftLine[]): void {
    const at = index * this.count + rank;
    const own = this.drafts[at];
    if (own) own.push(...lines);
    else this.drafts[at] = lines;
  }

  priced(asOf: number): PricedTicket[] {
    const { timeline, count } = this;
    const single = timeline.segments.length === 1;
    return this.work.map((w, i) => {
      const byPlan: PlanLines[] = [];
      let latest = -Infinity;
      for (const plan of timeline.plans) {
        const own = this.drafts[i * count + plan.rank];
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
        : planAt(timeline, latest === -Infinity ? asOf : latest);
      return {
        prepared: w.prepared,
        outcome: w.outcome,
        byPlan,
        headPlan,
        tier: single
          ? (w.charges[headPlan.rank]?.tier?.name ?? tierOf(byPlan, headPlan, w.prepared))
          : tierOf(byPlan, headPlan, w.prepared),
        charges: w.charges,
      };
    });
  }
}

/** A pass that only sums each ticket's lines as they are made: no ticket's lines are kept. */
class CostSink implements Sink {
  private readonly sums: CostSums;
  private readonly outcomes: Outcome[];

  constructor(timeline: Timeline, tickets: number) {
    this.sums = new CostSums(tickets, minorUnits(timeline.currency));
    this.outcomes = new Array(tickets);
  }

  ticket(index: number, work: TicketWork): void {
    this.outcomes[index] = work.outcome.outcome;
  }

  lines(index: number, _rank: number, lines: DraftLine[]): void {
    this.sums.add(index, lines);
  }

  costs(activities: readonly TicketActivity[]): TicketCost[] {
    return activities.map((a, i) => this.sums.cost(i, a.ticketId, this.outcomes[i]!));
  }
}

/** A timeline to price the tickets over, under an outcome scenario. */
export interface Pricing {
  readonly timeline: Timeline;
  readonly scenario?: OutcomeScenario | undefined;
}

/** The tickets priced over each timeline; per timeline, results in input order. */
export function priceOverTimelines(
  pricings: readonly Pricing[],
  activities: readonly TicketActivity[],
  options: RunOptions,
): PricedTicket[][] {
  const sinks = pricings.map((p) => new PricedSink(p.timeline, activities.length));
  run(activities, options, passesOf(pricings, sinks));
  return sinks.map((sink) => sink.priced(options.asOf));
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
