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
import type { Conflict } from '../activity/facts.js';
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
  toolsOf,
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
  /**
   * Ticket `index` has all its lines: at once after its own for a pass without period pricing
   * (its facts still alive), else once the periods are priced, every ticket in order.
   */
  settled(index: number): void;
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

/** The lines one plan version prices on a ticket. */
export interface PlanLines {
  readonly plan: PlanInForce;
  readonly lines: readonly DraftLine[];
}

export interface PricedTicket {
  readonly ticketId: string;
  /** The AI tools the ticket used, sorted. */
  readonly tools: readonly string[];
  readonly conflicts: readonly Conflict[];
  readonly outcome: OutcomeResult;
  /** Per plan that prices a line, in first-activation order. */
  readonly byPlan: readonly PlanLines[];
  /** The plan of the ticket's latest charge, or the plan in force at asOf without one. */
  readonly headPlan: PlanInForce;
  readonly tier: string | null;
}

/** What a version rated on a ticket, as settling it over several plans needs it. */
interface Rated {
  /** A tiered version's tier (null for a flat one). */
  readonly tier: string | null;
  /** The instant of the latest usage event it rates (-Infinity for none). */
  readonly latestUsage: number;
  readonly ratesOutcome: boolean;
}

/** What settling a ticket needs of it once its facts are gone. */
interface Settling {
  readonly ticketId: string;
  readonly tools: readonly string[];
  readonly conflicts: readonly Conflict[];
  readonly outcome: OutcomeResult;
  /** One plan throughout: the tier it chose (null for a flat plan). */
  readonly tier: string | null;
  /** Over several plans, by rank. */
  readonly rated: readonly Rated[] | null;
  /** Kept only when asked (an explanation reads the charges again). */
  readonly work: TicketWork | undefined;
}

function tierName(plan: PlanInForce, work: TicketWork): string | null {
  const p = plan.plan;
  if (p.model !== 'tiered') return null;
  const { facts, totals } = work.prepared;
  return work.charges[plan.rank]?.tier?.name ?? selectTier(p, facts, totals).name;
}

function latestUsage(charges: RatedCharges | undefined): number {
  let latest = -Infinity;
  if (charges) for (const u of charges.usage) if (u.at > latest) latest = u.at;
  return latest;
}

function settling(timeline: Timeline, work: TicketWork, keep: boolean): Settling {
  const { facts } = work.prepared;
  const single = timeline.segments.length === 1;
  return {
    ticketId: facts.ticketId,
    tools: toolsOf(work.prepared),
    conflicts: facts.conflicts,
    outcome: work.outcome,
    tier: single ? tierName(timeline.segments[0]!.plan, work) : null,
    rated: single
      ? null
      : timeline.plans.map((plan) => ({
          tier: tierName(plan, work),
          latestUsage: latestUsage(work.charges[plan.rank]),
          ratesOutcome: work.charges[plan.rank]?.ratesOutcome ?? false,
        })),
    work: keep ? work : undefined,
  };
}

const OUTCOME_CODES = new Set(['resolution', 'assisted', 'csat_bonus', 'time_saved']);

/** The instant of a version's latest charge on a ticket (spec section 8, "a charge is what makes a line"). */
function latestCharge(lines: readonly DraftLine[], rated: Rated, outcome: OutcomeResult): number {
  let latest = -Infinity;
  if (lines.some((l) => !OUTCOME_CODES.has(l.code))) latest = rated.latestUsage;
  const outcomeCharge =
    rated.ratesOutcome &&
    (lines.some((l) => OUTCOME_CODES.has(l.code)) ||
      (outcome.outcome === 'ai_resolved' && lines.some((l) => l.code.startsWith('credits_'))));
  if (outcomeCharge && outcome.restsOn !== null && outcome.restsOn > latest) {
    latest = outcome.restsOn;
  }
  return latest;
}

/** Makes a pass's result of one priced ticket (its breakdown, its cost, its explanation). */
export type Finish<T> = (ticket: PricedTicket, work: TicketWork | undefined) => T;

/**
 * A pass that keeps each ticket's lines, by plan, until the ticket is settled, and then hands it
 * to `finish`: a pass without period pricing finishes each ticket before the next is priced.
 */
class PricedSink<T> implements Sink {
  private readonly count: number;
  private readonly waiting: (Settling | undefined)[];
  /** The lines of ticket i under the plan of rank r are at drafts[i * count + r]. */
  private readonly drafts: (DraftLine[] | undefined)[];
  readonly results: T[];

  constructor(
    private readonly timeline: Timeline,
    tickets: number,
    private readonly asOf: number,
    private readonly finish: Finish<T>,
    private readonly keep: boolean,
  ) {
    this.count = timeline.plans.length;
    this.waiting = new Array(tickets);
    this.drafts = new Array(tickets * this.count);
    this.results = new Array(tickets);
  }

  ticket(index: number, work: TicketWork): void {
    this.waiting[index] = settling(this.timeline, work, this.keep);
  }

  lines(index: number, rank: number, lines: DraftLine[]): void {
    const at = index * this.count + rank;
    const own = this.drafts[at];
    if (own) own.push(...lines);
    else this.drafts[at] = lines;
  }

  settled(index: number): void {
    const { timeline, count } = this;
    const t = this.waiting[index]!;
    this.waiting[index] = undefined;
    const byPlan: PlanLines[] = [];
    let latest = -Infinity;
    for (const plan of timeline.plans) {
      const at = index * count + plan.rank;
      const own = this.drafts[at];
      if (!own) continue;
      this.drafts[at] = undefined;
      const kept = own.every(hasQuantity) ? own : own.filter(hasQuantity);
      if (kept.length === 0) continue;
      byPlan.push({ plan, lines: kept });
      // With one plan in force throughout, every charge is its own: no instant to look for.
      if (t.rated) {
        const charged = latestCharge(kept, t.rated[plan.rank]!, t.outcome);
        if (charged > latest) latest = charged;
      }
    }
    const headPlan = t.rated
      ? planAt(timeline, latest === -Infinity ? this.asOf : latest)
      : timeline.segments[0]!.plan;
    const ticket: PricedTicket = {
      ticketId: t.ticketId,
      tools: t.tools,
      conflicts: t.conflicts,
      outcome: t.outcome,
      byPlan,
      headPlan,
      tier: t.rated ? tierOf(byPlan, headPlan, t.rated) : t.tier,
    };
    this.results[index] = this.finish(ticket, t.work);
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

  settled(): void {}

  costs(activities: readonly TicketActivity[]): TicketCost[] {
    return activities.map((a, i) => this.sums.cost(i, a.ticketId, this.outcomes[i]!));
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

/** A line with quantity 0 is omitted (spec section 4). */
function hasQuantity(line: DraftLine): boolean {
  return line.quantity.num !== 0n;
}

/** The tier chosen by the last tiered plan that prices a line, or by the head plan without one. */
function tierOf(
  byPlan: readonly PlanLines[],
  head: PlanInForce,
  rated: readonly Rated[],
): string | null {
  const tiered =
    byPlan.filter((p) => p.plan.plan.model === 'tiered').at(-1)?.plan ??
    (byPlan.length === 0 ? head : null);
  return tiered ? rated[tiered.rank]!.tier : null;
}
