/**
 * Base fee + performance: per resolution and per assisted ticket, a bonus for a good rating,
 * and the period's base fee shared among the tickets that used AI.
 * @module
 */
import type { BasePlusPerformanceBody } from '../schema/plan.js';
import type { TicketContext } from './context.js';
import { type DraftLine, draft } from './line.js';

export function pricePerformance(
  plan: BasePlusPerformanceBody,
  { outcome }: TicketContext,
): DraftLine[] {
  const resolved = outcome.outcome === 'ai_resolved';
  const pending = outcome.outcome === 'pending_confirmation';
  if (resolved || pending) {
    const lines = [draft('resolution', 1n, plan.perResolution, pending)];
    if (plan.csatBonus && outcome.latestCsat === 'good') {
      lines.push(draft('csat_bonus', 1n, plan.csatBonus.amount, pending));
    }
    return lines;
  }
  if (outcome.outcome === 'assisted') return [draft('assisted', 1n, plan.perAssisted ?? '0')];
  return [];
}

/** Ticket ids in ascending order, numerically where both are numeric. */
export function compareTicketIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Splits `feeMinor` equally among the tickets; the remainder goes one minor unit each to the
 * first tickets in ascending id order, so the shares always sum exactly to the fee.
 */
export function shareBaseFee(feeMinor: bigint, ticketIds: readonly string[]): Map<string, bigint> {
  const shares = new Map<string, bigint>();
  if (ticketIds.length === 0) return shares;
  const count = BigInt(ticketIds.length);
  const even = feeMinor / count;
  let remainder = feeMinor % count;
  for (const id of [...ticketIds].sort(compareTicketIds)) {
    shares.set(id, even + (remainder > 0n ? 1n : 0n));
    if (remainder > 0n) remainder -= 1n;
  }
  return shares;
}
