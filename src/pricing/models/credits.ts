/**
 * The credits model: usage and resolutions burn credits; a prepaid pool per period covers the
 * first ones at `creditPrice`, the rest cost `overagePrice`.
 *
 * Credits are counted as integers of 1/CREDIT_DENOMINATOR credit: burns have at most 6
 * fractional digits and processing is priced per minute of milliseconds, so every burn is a
 * whole number of these units and the pool drains with plain BigInt sums.
 * @module
 */
import { parseDecimal, pow10 } from '../money/decimal.js';
import { type Ratio, ratio } from '../money/ratio.js';
import type { CreditsPlanBody } from '../schema/plan.js';
import type { TicketContext } from './context.js';
import { type DraftLine, draft } from './line.js';
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
  readonly id: string;
  readonly at: number;
  readonly units: bigint;
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

/** The credits a ticket burns, one burn per usage event plus one at its confirmed resolution. */
export function creditBurns(plan: CreditsPlanBody, { facts, outcome }: TicketContext): Burn[] {
  const table = burnTable(plan);
  const burns: Burn[] = [];
  for (const u of facts.usage) {
    let units: bigint;
    if (u.metric === 'processing_ms') {
      // ms × (credits per minute) / 60000, in units of 1/(60000 × 10^6) credit.
      units = (BigInt(u.quantity) * table.processing_minute) / MS_PER_MINUTE;
    } else {
      const toolBurn = u.tool !== null ? table.tools.get(u.tool) : undefined;
      units = BigInt(u.quantity) * (toolBurn ?? table[u.metric]);
    }
    if (units > 0n) burns.push({ ticketId: facts.ticketId, id: u.id, at: u.at, units });
  }
  // The resolution burns when the resolution is confirmed; a pending one has not burnt yet.
  if (outcome.outcome === 'ai_resolved' && outcome.confirmedAt !== null && table.resolution > 0n) {
    burns.push({
      ticketId: facts.ticketId,
      id: `resolution:${facts.ticketId}`,
      at: outcome.confirmedAt,
      units: table.resolution,
    });
  }
  return burns;
}

export function compareBurns(a: Burn, b: Burn): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0;
}

export interface PoolUse {
  prepaid: bigint;
  overage: bigint;
}

/**
 * Drains a pool of `poolUnits` through the burns in time order (ties by event id); a burn that
 * crosses the pool's edge is split. Returns each ticket's prepaid and overage units.
 */
export function drainPool(poolUnits: bigint, burns: readonly Burn[]): Map<string, PoolUse> {
  const byTicket = new Map<string, PoolUse>();
  let left = poolUnits;
  for (const burn of [...burns].sort(compareBurns)) {
    // biome-ignore lint/complexity/useMathMinMax: Math.min does not take BigInts.
    const prepaid = burn.units < left ? burn.units : left;
    left -= prepaid;
    let use = byTicket.get(burn.ticketId);
    if (!use) {
      use = { prepaid: 0n, overage: 0n };
      byTicket.set(burn.ticketId, use);
    }
    use.prepaid += prepaid;
    use.overage += burn.units - prepaid;
  }
  return byTicket;
}

export function creditLines(plan: CreditsPlanBody, use: PoolUse | undefined): DraftLine[] {
  if (!use) return [];
  const credits = (units: bigint): Ratio => ratio(units, CREDIT_DENOMINATOR);
  const lines: DraftLine[] = [];
  if (use.prepaid > 0n)
    lines.push(draft('credits_prepaid', credits(use.prepaid), plan.creditPrice));
  if (use.overage > 0n)
    lines.push(draft('credits_overage', credits(use.overage), plan.overagePrice));
  return lines;
}
