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

import { ascending } from '../heap.js';
import { parseDecimal, pow10 } from '../money/decimal.js';
import { addRatio, type Ratio, ratio, ZERO } from '../money/ratio.js';
import { compareCodePoints } from '../order.js';
import type { CreditsPlanBody } from '../schema/plan.js';
import { type DraftLine, draft } from './line.js';
import type { PeriodTicket, PricingModel, RatedCharges } from './model.js';
import { traceEvent } from './model.js';
import { MS_PER_MINUTE } from './usage.js';

const BURN_SCALE = 6;
export const CREDIT_DENOMINATOR = MS_PER_MINUTE * pow10(BURN_SCALE);

/** A number of credits (integer or decimal string) in credit units. */
export function creditUnits(count: number | string): bigint {
  const d = parseDecimal(String(count));
  return d.units * pow10(BURN_SCALE - d.scale) * MS_PER_MINUTE;
}

export interface Burn {
  readonly ticketId: string;
  /** The usage event's id, or `~resolution:<ticketId>` for the resolution's burn. */
  readonly id: string;
  readonly at: number;
  readonly units: bigint;
  /** True for a usage event (listed in an explanation), false for the resolution's burn. */
  readonly usage: boolean;
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

/** Event time, then event id in code-point order, then ticket id. */
export function compareBurns(a: Burn, b: Burn): number {
  if (a.at !== b.at) return a.at - b.at;
  return compareCodePoints(a.id, b.id) || compareCodePoints(a.ticketId, b.ticketId);
}

export interface PoolUse {
  prepaid: Ratio;
  overage: Ratio;
}

/**
 * Drains a pool of `pool` credit units (a ratio: a prorated pool need not be whole) through the
 * burns in time order; a burn that crosses the pool's edge is split. Returns each ticket's
 * prepaid and overage credits.
 */
export function drainPool(
  pool: Ratio,
  burns: readonly Burn[],
  trace: PeriodTicketTrace | null = null,
): Map<string, PoolUse> {
  // Everything in units of 1/den credit unit, so the drain stays in integers.
  const den = pool.den;
  const scaled = new Map<string, { prepaid: bigint; overage: bigint }>();
  const useOf = (ticketId: string) => {
    let use = scaled.get(ticketId);
    if (!use) {
      use = { prepaid: 0n, overage: 0n };
      scaled.set(ticketId, use);
    }
    return use;
  };
  let left = pool.num;
  // Only the burns up to the pool's edge need their order: the rest are overage whatever it is.
  const ordered = ascending(burns, compareBurns);
  while (left > 0n) {
    const burn = ordered.next();
    if (burn === undefined) break;
    const units = burn.units * den;
    // biome-ignore lint/complexity/useMathMinMax: Math.min does not take BigInts.
    const prepaid = units < left ? units : left;
    left -= prepaid;
    const use = useOf(burn.ticketId);
    use.prepaid += prepaid;
    use.overage += units - prepaid;
    if (trace && burn.usage) {
      if (prepaid > 0n) trace(burn.ticketId, 'credits_prepaid', burn.id);
      if (units > prepaid) trace(burn.ticketId, 'credits_overage', burn.id);
    }
  }
  for (const burn of ordered.rest()) {
    useOf(burn.ticketId).overage += den === 1n ? burn.units : burn.units * den;
    if (trace && burn.usage) trace(burn.ticketId, 'credits_overage', burn.id);
  }
  const credits = new Map<string, PoolUse>();
  const unit = den * CREDIT_DENOMINATOR;
  for (const [ticketId, use] of scaled) {
    credits.set(ticketId, { prepaid: ratio(use.prepaid, unit), overage: ratio(use.overage, unit) });
  }
  return credits;
}

type PeriodTicketTrace = (ticketId: string, code: string, eventId: string) => void;

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
    const trace: PeriodTicketTrace | null = context.trace
      ? (ticketId, code, id) => traceEvent(context.trace, ticketId, code, id)
      : null;
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
    if (context.alone && !trace) {
      // One full pool per version, whatever the periods, for each ticket on its own.
      return tickets.map((t) => creditLines(plan, aloneUse(plan, t.charges, full)));
    }
    const burns: Burn[] = [];
    for (const t of tickets) creditBurns(plan, t.charges, burns);
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
        const drained = drainPool(ratio(full * f.num, f.den), monthBurns, trace);
        // One period (the usual replay): its drain is every ticket's use, nothing to add.
        if (byMonth.size === 1)
          return tickets.map((t) => creditLines(plan, drained.get(t.ticketId)));
        add(drained);
      }
    }
    return tickets.map((t: PeriodTicket) => creditLines(plan, uses.get(t.ticketId)));
  },
};
