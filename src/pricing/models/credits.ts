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
import { addRatio, type Ratio, ratio, ZERO } from '../money/ratio.js';
import type { CreditsPlanBody } from '../schema/plan.js';
import { type DraftLine, draft } from './line.js';
import type { PeriodContext, PeriodTicket, PricingModel, RatedCharges } from './model.js';
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

/**
 * The credits a ticket burns under this version: one burn per usage event rated under it, plus
 * one at the confirmation instant of the resolution whose solve it rates.
 */
export function creditBurns(
  plan: CreditsPlanBody,
  charges: RatedCharges,
  burns: Burn[] = [],
): Burn[] {
  const { facts } = charges;
  const table = burnTable(plan);
  for (const u of charges.usage) {
    const units = eventUnits(table, u);
    if (units > 0n)
      burns.push({ ticketId: facts.ticketId, id: u.id, at: u.at, units, usage: true });
  }
  const resolution = resolutionBurn(table, charges);
  if (resolution !== null) burns.push(resolution);
  return burns;
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

/**
 * A ticket alone against a full pool: whatever the order of its burns, the first `pool` units
 * are prepaid and the rest overage, so the burns are summed, not sorted (an explanation, which
 * names the event split at the pool's edge, drains them in order instead).
 */
function aloneUse(plan: CreditsPlanBody, charges: RatedCharges, pool: bigint): PoolUse {
  const table = burnTable(plan);
  let units = resolutionBurn(table, charges)?.units ?? 0n;
  for (const u of charges.usage) units += eventUnits(table, u);
  const prepaid = units < pool ? units : pool;
  return {
    prepaid: ratio(prepaid, CREDIT_DENOMINATOR),
    overage: ratio(units - prepaid, CREDIT_DENOMINATOR),
  };
}

export interface PoolUse {
  prepaid: Ratio;
  overage: Ratio;
}

/**
 * Drains a pool of `pool` credit units (a ratio: a prorated pool need not be whole) through the
 * burns in time order; a burn that crosses the pool's edge is split. Returns each ticket's
 * prepaid and overage credits. Only the burns up to the edge are ordered (see {@link PoolEdge}):
 * every other burn is overage, so a ticket's overage is its burns less its prepaid part.
 */
export function drainPool(
  pool: Ratio,
  burns: readonly Burn[],
  trace: DrainTrace | null = null,
): Map<string, PoolUse> {
  const edge = new PoolEdge(pool.num, pool.den);
  const units = new Map<string, bigint>();
  for (const burn of burns) {
    units.set(burn.ticketId, (units.get(burn.ticketId) ?? 0n) + burn.units);
    if (edge.mayReach(burn.at)) edge.offer(burn);
  }
  const { prepaid, reached } = edge.drain(trace);
  if (trace) {
    const inPool = new Set(reached);
    for (const burn of burns) {
      if (burn.usage && !inPool.has(burn)) trace(burn.ticketId, 'credits_overage', burn.id);
    }
  }
  const credits = new Map<string, PoolUse>();
  for (const [ticketId, spent] of units) {
    credits.set(ticketId, poolUse(spent, prepaid.get(ticketId) ?? 0n, pool.den));
  }
  return credits;
}

/** A ticket's `spent` credit units against a pool scaled by `den`, `prepaid` of them inside it. */
function poolUse(spent: bigint, prepaid: bigint, den: bigint): PoolUse {
  const unit = den * CREDIT_DENOMINATOR;
  return { prepaid: ratio(prepaid, unit), overage: ratio(spent * den - prepaid, unit) };
}

/** What one ticket burnt in one period: most tickets burn in one period only. */
interface Spent {
  readonly month: string;
  units: bigint;
  next: Spent | null;
}

function spend(spent: Spent | null, month: string, units: bigint): Spent {
  for (let s = spent; s !== null; s = s.next) {
    if (s.month === month) {
      s.units += units;
      return spent!;
    }
  }
  return { month, units, next: spent };
}

/**
 * Each ticket's use of its periods' pools, tickets together: one pass over their usage sums what
 * each ticket burns per period and offers each burn to its period's {@link PoolEdge}; a burn
 * object is made only for the few that may fall inside a pool.
 */
function periodUse(
  plan: CreditsPlanBody,
  tickets: readonly PeriodTicket[],
  context: PeriodContext,
): (PoolUse | undefined)[] {
  const table = burnTable(plan);
  const full = creditUnits(plan.prepaidCredits);
  const edges = new Map<string, PoolEdge>();
  const edgeOf = (month: string) => {
    let edge = edges.get(month);
    if (!edge) {
      const f = context.fraction(month);
      edge = new PoolEdge(full * f.num, f.den);
      edges.set(month, edge);
    }
    return edge;
  };
  const spent: (Spent | null)[] = new Array(tickets.length);
  let month = '';
  let edge: PoolEdge | null = null;
  for (let m = 0; m < tickets.length; m++) {
    const charges = tickets[m]!;
    const { ticketId } = charges.facts;
    let own: Spent | null = null;
    for (const u of charges.usage) {
      const units = eventUnits(table, u);
      if (units === 0n) continue;
      const at = context.monthOf(u.at);
      if (at !== month || edge === null) {
        month = at;
        edge = edgeOf(at);
      }
      own = spend(own, month, units);
      if (edge.mayReach(u.at)) edge.offer({ ticketId, id: u.id, at: u.at, units, usage: true });
    }
    const resolution = resolutionBurn(table, charges);
    if (resolution !== null) {
      const at = context.monthOf(resolution.at);
      own = spend(own, at, resolution.units);
      edgeOf(at).offer(resolution);
    }
    spent[m] = own;
  }
  const prepaid = new Map<string, Map<string, bigint>>();
  for (const [month, edge] of edges) prepaid.set(month, edge.drain().prepaid);
  return tickets.map((t, m) => {
    let use: PoolUse | undefined;
    for (let s = spent[m] ?? null; s !== null; s = s.next) {
      const { den } = edges.get(s.month)!;
      const own = poolUse(s.units, prepaid.get(s.month)!.get(t.facts.ticketId) ?? 0n, den);
      use =
        use === undefined
          ? own
          : {
              prepaid: addRatio(use.prepaid, own.prepaid),
              overage: addRatio(use.overage, own.overage),
            };
    }
    return use;
  });
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
  periodLines(plan, tickets, context) {
    const full = creditUnits(plan.prepaidCredits);
    if (!context.trace) {
      // Alone: one full pool per version, whatever the periods, for each ticket on its own.
      const uses = context.alone
        ? tickets.map((t) => aloneUse(plan, t, full))
        : periodUse(plan, tickets, context);
      return uses.map((use) => creditLines(plan, use));
    }
    // Explaining: every burn is made, so that each event can be traced to its lines.
    const trace: DrainTrace = (ticketId, code, id) => traceEvent(context.trace, ticketId, code, id);
    const uses = new Map<string, PoolUse>();
    const add = (drained: Map<string, PoolUse>) => {
      for (const [ticketId, use] of drained) {
        const sum = uses.get(ticketId) ?? { prepaid: ZERO, overage: ZERO };
        uses.set(ticketId, {
          prepaid: addRatio(sum.prepaid, use.prepaid),
          overage: addRatio(sum.overage, use.overage),
        });
      }
    };
    const burns: Burn[] = [];
    for (const t of tickets) creditBurns(plan, t, burns);
    if (context.alone) {
      add(drainPool(ratio(full), burns, trace));
    } else {
      const byMonth = new Map<string, Burn[]>();
      for (const b of burns) {
        const month = context.monthOf(b.at);
        const list = byMonth.get(month);
        if (list) list.push(b);
        else byMonth.set(month, [b]);
      }
      for (const [month, monthBurns] of byMonth) {
        const f = context.fraction(month);
        add(drainPool(ratio(full * f.num, f.den), monthBurns, trace));
      }
    }
    return tickets.map((t: PeriodTicket) => creditLines(plan, uses.get(t.facts.ticketId)));
  },
};
