/**
 * What a pricing run keeps of its tickets: a sink per pass (see `engine.ts`). A priced ticket
 * keeps its lines by plan until they are all known, and is then made into its result (a
 * breakdown, an explanation) at once; a sum keeps nothing but each ticket's two totals.
 * @module
 */
import type { Conflict } from '../activity/facts.js';
import { CostSums, type PlanLines, type PricedTicket, type TicketCost } from '../breakdown.js';
import type { DraftLine } from '../models/line.js';
import type { RatedCharges } from '../models/model.js';
import { selectTier } from '../models/tiered.js';
import { minorUnits } from '../money/currency.js';
import type { Outcome, OutcomeResult } from '../outcome/evaluate.js';
import type { TicketActivity } from '../schema/activity.js';
import { type PlanInForce, planAt, type Timeline } from '../timeline/timeline.js';
import { type TicketWork, toolsOf } from './charges.js';

/** What a pass does with the tickets as the run prices them. */
export interface Sink {
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
export class PricedSink<T> implements Sink {
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
export class CostSink implements Sink {
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
