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
import { type Burn, type DrainTrace, PoolEdge } from './pool-edge.js';
import { MS_PER_MINUTE } from './usage.js';

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
  /** The same rates as plain numbers (NaN for one past 2^53), for {@link safeEventUnits}. */
  readonly safe: SafeRates;
}

interface SafeRates {
  readonly conversation: number;
  readonly tool_call: number;
  readonly api_call: number;
  readonly processing_minute: number;
  readonly tools: ReadonlyMap<string, number>;
}

const asSafe = (units: bigint) => (units <= MAX_SAFE ? Number(units) : Number.NaN);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MS_PER_MINUTE_SAFE = Number(MS_PER_MINUTE);

const burnTables = new WeakMap<CreditsPlanBody, BurnTable>();

/** A plan's burn rates in credit units, worked out once per plan (plans are immutable). */
function burnTable(plan: CreditsPlanBody): BurnTable {
  let table = burnTables.get(plan);
  if (!table) {
    const units = (count: number | string | undefined) =>
      count === undefined ? 0n : creditUnits(count);
    const rates = {
      conversation: units(plan.burn.conversation),
      tool_call: units(plan.burn.tool_call),
      api_call: units(plan.burn.api_call),
      processing_minute: units(plan.burn.processing_minute),
      tools: new Map(
        Object.entries(plan.toolBurn ?? {}).map(([tool, n]) => [tool, creditUnits(n)]),
      ),
    };
    table = {
      ...rates,
      resolution: units(plan.burn.resolution),
      safe: {
        conversation: asSafe(rates.conversation),
        tool_call: asSafe(rates.tool_call),
        api_call: asSafe(rates.api_call),
        processing_minute: asSafe(rates.processing_minute),
        tools: new Map([...rates.tools].map(([tool, n]) => [tool, asSafe(n)])),
      },
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

/**
 * {@link eventUnits} in plain numbers, which is exact while the product is a safe integer (most
 * events: a credit is 6 × 10^10 units); NaN when it may not be, for the BigInt path.
 */
function safeEventUnits(rates: SafeRates, u: RatedCharges['usage'][number]): number {
  if (u.metric === 'processing_ms') {
    const product = u.quantity * rates.processing_minute;
    if (!Number.isSafeInteger(product)) return Number.NaN;
    return (product - (product % MS_PER_MINUTE_SAFE)) / MS_PER_MINUTE_SAFE;
  }
  const toolBurn = u.tool !== null && rates.tools.size > 0 ? rates.tools.get(u.tool) : undefined;
  const rate =
    toolBurn ??
    (u.metric === 'conversation'
      ? rates.conversation
      : u.metric === 'tool_call'
        ? rates.tool_call
        : rates.api_call);
  const product = u.quantity * rate;
  return Number.isSafeInteger(product) ? product : Number.NaN;
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

/** The bounds of a ticket priced alone: its one pool takes every burn. */
const ALWAYS = { start: Number.NEGATIVE_INFINITY, end: Number.POSITIVE_INFINITY };

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
  /** The edge of the period the last burn fell in, and that period's bounds. */
  private current: { edge: PoolEdge; start: number; end: number } | null = null;
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

  /** The pool of the period `at` falls in (alone: the one full pool). */
  private edgeOf(at: number): PoolEdge {
    const { current } = this;
    // Most burns in a row fall in one period: no look-up for them.
    if (current !== null && at >= current.start && at < current.end) return current.edge;
    const { alone } = this.context;
    const period = alone ? '' : this.context.monthOf(at);
    let edge = this.edges.get(period);
    if (!edge) {
      const f = alone ? ratio(1n) : this.context.fraction(period);
      edge = new PoolEdge(this.full * f.num, f.den, this.trace !== null);
      this.edges.set(period, edge);
    }
    const bounds = alone ? ALWAYS : this.context.bounds(period);
    this.current = { edge, start: bounds.start, end: bounds.end };
    return edge;
  }

  add(charges: RatedCharges): void {
    const { ticketId } = charges.facts;
    const { table } = this;
    // What the ticket burns: a safe-integer sum while it can be, the excess in BigInt.
    let own = 0;
    let excess = 0n;
    let burnt = false;
    const rates = table.safe;
    for (const u of charges.usage) {
      const safe = safeEventUnits(rates, u);
      let units: bigint | null = null;
      if (Number.isNaN(safe)) {
        units = eventUnits(table, u);
        if (units === 0n) continue;
        excess += units;
      } else {
        if (safe === 0) continue;
        const sum = own + safe;
        if (Number.isSafeInteger(sum)) own = sum;
        else excess += BigInt(safe);
      }
      burnt = true;
      const edge = this.edgeOf(u.at);
      if (edge.mayReach(u.at)) {
        edge.offer({ ticketId, id: u.id, at: u.at, units: units ?? BigInt(safe), usage: true });
      }
    }
    const resolution = resolutionBurn(table, charges);
    if (resolution !== null) {
      burnt = true;
      excess += resolution.units;
      this.edgeOf(resolution.at).offer(resolution);
    }
    this.ticketIds.push(ticketId);
    this.spent.push(burnt ? BigInt(own) + excess : undefined);
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
