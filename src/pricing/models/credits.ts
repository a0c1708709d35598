/**
 * The credits model: usage and resolutions burn credits; a prepaid pool per period covers the
 * first ones at `creditPrice`, the rest cost `overagePrice`.
 *
 * Credits are counted as integers of 1/CREDIT_DENOMINATOR credit: burns have at most 6
 * fractional digits and processing is priced per minute of milliseconds, so every burn is a
 * whole number of these units and the pool drains with plain BigInt sums. A pool prorated by a
 * fraction f = n/d (spec section 8) is counted in units of 1/d of these.
 * @module
 */

import { parseDecimal, pow10 } from '../money/decimal.js';
import { addRatio, type Ratio, ratio, subRatio, ZERO } from '../money/ratio.js';
import type { CreditsPlanBody } from '../schema/plan.js';
import { type DraftLine, draft } from './line.js';
import type { PeriodContext, PeriodPricing, PricingModel, RatedCharges } from './model.js';
import { traceEvent } from './model.js';
import { type Burn, compareBurns, type DrainTrace, PoolEdge } from './pool-edge.js';
import { MS_PER_MINUTE } from './usage.js';

export { type Burn, compareBurns };

const BURN_SCALE = 6;
export const CREDIT_DENOMINATOR = MS_PER_MINUTE * pow10(BURN_SCALE);

/** A number of credits (integer or decimal string) in credit units. */
export function creditUnits(count: number | string): bigint {
  const d = parseDecimal(String(count));
  return d.units * pow10(BURN_SCALE - d.scale) * MS_PER_MINUTE;
}

interface BurnTable {
  readonly conversation: bigint;
  readonly tool_call: bigint;
  readonly api_call: bigint;
  readonly processing_minute: bigint;
  readonly resolution: bigint;
  readonly tools: ReadonlyMap<string, bigint>;
}

const burnTables = new WeakMap<CreditsPlanBody, BurnTable>();

/** A plan's burn rates in credit units, worked out once per plan (plans are immutable). */
function burnTable(plan: CreditsPlanBody): BurnTable {
  let table = burnTables.get(plan);
  if (!table) {
    const units = (count: number | string | undefined) =>
      count === undefined ? 0n : creditUnits(count);
    table = {
      conversation: units(plan.burn.conversation),
      tool_call: units(plan.burn.tool_call),
      api_call: units(plan.burn.api_call),
      processing_minute: units(plan.burn.processing_minute),
      resolution: units(plan.burn.resolution),
      tools: new Map(
        Object.entries(plan.toolBurn ?? {}).map(([tool, n]) => [tool, creditUnits(n)]),
      ),
    };
    burnTables.set(plan, table);
  }
  return table;
}

/** The credit units one usage event burns. */
function eventUnits(table: BurnTable, u: RatedCharges['usage'][number]): bigint {
  // Processing: ms × (credits per minute) / 60000, in units of 1/(60000 × 10^6) credit.
  if (u.metric === 'processing_ms')
    return (BigInt(u.quantity) * table.processing_minute) / MS_PER_MINUTE;
  const toolBurn = u.tool !== null ? table.tools.get(u.tool) : undefined;
  return BigInt(u.quantity) * (toolBurn ?? table[u.metric]);
}

/** The resolution's burn, at its confirmation; a pending one has not burnt yet. */
function resolutionBurn(
  table: BurnTable,
  { facts, outcome, ratesOutcome }: RatedCharges,
): Burn | null {
  if (!ratesOutcome || outcome.outcome !== 'ai_resolved' || outcome.confirmedAt === null)
    return null;
  if (table.resolution === 0n) return null;
  return {
    ticketId: facts.ticketId,
    id: `~resolution:${facts.ticketId}`,
    at: outcome.confirmedAt,
    units: table.resolution,
    usage: false,
  };
}

export interface PoolUse {
  prepaid: Ratio;
  overage: Ratio;
}

/**
 * Drains a pool of `pool` credit units (a ratio: a prorated pool need not be whole) through the
 * burns in time order; a burn that crosses the pool's edge is split. Returns each ticket's
 * prepaid and overage credits. This is one period's drain over a list of burns, through the
 * same {@link PoolEdge} as {@link periodUse} (which never lists the burns past the edge): the
 * drain test holds it to the spec's rule, every burn in order.
 */
export function drainPool(
  pool: Ratio,
  burns: readonly Burn[],
  trace: DrainTrace | null = null,
): Map<string, PoolUse> {
  const edge = new PoolEdge(pool.num, pool.den, trace !== null);
  const spent = new Map<string, bigint>();
  for (const burn of burns) {
    spent.set(burn.ticketId, (spent.get(burn.ticketId) ?? 0n) + burn.units);
    edge.offer(burn);
  }
  const prepaid = edge.drain(trace);
  const credits = new Map<string, PoolUse>();
  for (const [ticketId, units] of spent) {
    credits.set(ticketId, poolUse(units, prepaid.get(ticketId) ?? 0n, pool.den));
  }
  return credits;
}

/** A ticket's `spent` credit units against a pool scaled by `den`, `prepaid` of them inside it. */
function poolUse(spent: bigint, prepaid: bigint, den: bigint): PoolUse {
  const unit = den * CREDIT_DENOMINATOR;
  return { prepaid: ratio(prepaid, unit), overage: ratio(spent * den - prepaid, unit) };
}

/**
 * Each ticket's use of its periods' pools (alone: of one full pool), in the order the tickets are
 * added. Each ticket's usage is read as it is added: what it burns in all is summed, and each burn
 * is offered to its period's {@link PoolEdge}; unless explaining, a burn object is made only for
 * the few burns that may fall inside a pool, and nothing else of the ticket is kept.
 */
class PoolUses implements PeriodPricing {
  private readonly table: BurnTable;
  private readonly full: bigint;
  private readonly trace: DrainTrace | null;
  private readonly edges = new Map<string, PoolEdge>();
  /** Per ticket added: its id, and the credit units it burns in all (undefined for none). */
  private readonly ticketIds: string[] = [];
  private readonly spent: (bigint | undefined)[] = [];

  constructor(
    private readonly plan: CreditsPlanBody,
    private readonly context: PeriodContext,
  ) {
    this.table = burnTable(plan);
    this.full = creditUnits(plan.prepaidCredits);
    const lineTrace = context.trace;
    this.trace = lineTrace
      ? (ticketId, code, id) => traceEvent(lineTrace, ticketId, code, id)
      : null;
  }

  private edgeOf(at: number): PoolEdge {
    const { alone } = this.context;
    const period = alone ? '' : this.context.monthOf(at);
    let edge = this.edges.get(period);
    if (!edge) {
      const f = alone ? ratio(1n) : this.context.fraction(period);
      edge = new PoolEdge(this.full * f.num, f.den, this.trace !== null);
      this.edges.set(period, edge);
    }
    return edge;
  }

  add(charges: RatedCharges): void {
    const { ticketId } = charges.facts;
    let own: bigint | undefined;
    for (const u of charges.usage) {
      const units = eventUnits(this.table, u);
      if (units === 0n) continue;
      own = (own ?? 0n) + units;
      const edge = this.edgeOf(u.at);
      if (edge.mayReach(u.at)) edge.offer({ ticketId, id: u.id, at: u.at, units, usage: true });
    }
    const resolution = resolutionBurn(this.table, charges);
    if (resolution !== null) {
      own = (own ?? 0n) + resolution.units;
      this.edgeOf(resolution.at).offer(resolution);
    }
    this.ticketIds.push(ticketId);
    this.spent.push(own);
  }

  finish(): (DraftLine[] | undefined)[] {
    return this.uses().map((use) => creditLines(this.plan, use));
  }

  /** Each ticket's use of the pools, by number (undefined for a ticket that burns nothing). */
  private uses(): (PoolUse | undefined)[] {
    const drained = [...this.edges.values()].map((edge) => ({
      edge,
      prepaid: edge.drain(this.trace),
    }));
    return this.spent.map((units, m) => {
      if (units === undefined) return undefined;
      // Prepaid: the ticket's part of each pool, in that pool's units; overage: all the rest.
      let prepaid: Ratio | null = null;
      for (const { edge, prepaid: inPool } of drained) {
        const own = inPool.get(this.ticketIds[m]!);
        if (own === undefined) continue;
        const part = ratio(own, edge.den * CREDIT_DENOMINATOR);
        prepaid = prepaid === null ? part : addRatio(prepaid, part);
      }
      const all = ratio(units, CREDIT_DENOMINATOR);
      return prepaid === null
        ? { prepaid: ZERO, overage: all }
        : { prepaid, overage: subRatio(all, prepaid) };
    });
  }
}

function creditLines(plan: CreditsPlanBody, use: PoolUse | undefined): DraftLine[] {
  if (!use) return [];
  const lines: DraftLine[] = [];
  if (use.prepaid.num > 0n) lines.push(draft('credits_prepaid', use.prepaid, plan.creditPrice));
  if (use.overage.num > 0n) lines.push(draft('credits_overage', use.overage, plan.overagePrice));
  return lines;
}

export const creditsModel: PricingModel<CreditsPlanBody> = {
  model: 'credits',
  ticketLines: () => [],
  period: (plan, context) => new PoolUses(plan, context),
};
