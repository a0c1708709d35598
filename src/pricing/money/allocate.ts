/**
 * Allocation of an amount in minor units among tickets, and proration of a period amount.
 * Shares always sum exactly to the amount.
 * @module
 */
import { type Ascending, ascending } from '../heap.js';
import { compareTicketIds } from '../order.js';
import { mulRatio, type Ratio, ratio, roundRatio } from './ratio.js';

/**
 * Splits `amountMinor` equally among the tickets; the remainder goes one minor unit each to the
 * first tickets in ascending id order (spec section 4), so the shares sum exactly to the amount.
 *
 * @example
 * shareEqually(10n, ['2', '1', '3']) // Map { '1' => 4n, '2' => 3n, '3' => 3n }
 */
export function shareEqually(
  amountMinor: bigint,
  ticketIds: readonly string[],
): Map<string, bigint> {
  const shares = new Map<string, bigint>();
  if (ticketIds.length === 0) return shares;
  const count = BigInt(ticketIds.length);
  const even = amountMinor / count;
  let remainder = amountMinor % count;
  // Only the first `remainder` ids in order get a unit more; the others need no order.
  const ordered = remainder === 0n ? unordered(ticketIds) : ascending(ticketIds, compareTicketIds);
  for (; remainder > 0n; remainder -= 1n) shares.set(ordered.next()!, even + 1n);
  for (const id of ordered.rest()) shares.set(id, even);
  return shares;
}

function unordered<T>(items: readonly T[]): Ascending<T> {
  return { next: () => undefined, rest: () => items };
}

/** `amountMinor × fraction`, rounded half to even to minor units (a prorated base fee). */
export function prorateMinor(amountMinor: bigint, fraction: Ratio): bigint {
  if (fraction.num === fraction.den) return amountMinor;
  return roundRatio(mulRatio(ratio(amountMinor), fraction), 0);
}
