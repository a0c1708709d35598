/**
 * Allocation of an amount in minor units among tickets, and proration of a period amount.
 * Shares always sum exactly to the amount.
 * @module
 */
import { ascending } from '../heap.js';
import { compareTicketIds } from '../order.js';
import { mulRatio, type Ratio, ratio, roundRatio } from './ratio.js';

/**
 * Splits `amountMinor` equally among the tickets; the remainder goes one minor unit each to the
 * first tickets in ascending id order (spec section 4), so the shares sum exactly to the amount.
 * The shares come in the order of `ticketIds`, each one of two BigInts made once (a period may
 * share a fee among a whole tenant's tickets).
 *
 * @example
 * shareEqually(10n, ['2', '1', '3']) // [3n, 4n, 3n]
 */
export function shareEqually(amountMinor: bigint, ticketIds: readonly string[]): bigint[] {
  const count = ticketIds.length;
  if (count === 0) return [];
  const even = amountMinor / BigInt(count);
  const shares: bigint[] = new Array(count).fill(even);
  let remainder = amountMinor % BigInt(count);
  if (remainder === 0n) return shares;
  // Only the first `remainder` ids in order get a unit more; the others need no order.
  const more = even + 1n;
  const positions = Array.from({ length: count }, (_, i) => i);
  const ordered = ascending(positions, (a, b) => compareTicketIds(ticketIds[a]!, ticketIds[b]!));
  for (; remainder > 0n; remainder -= 1n) shares[ordered.next()!] = more;
  return shares;
}

/** `amountMinor × fraction`, rounded half to even to minor units (a prorated base fee). */
export function prorateMinor(amountMinor: bigint, fraction: Ratio): bigint {
  if (fraction.num === fraction.den) return amountMinor;
  return roundRatio(mulRatio(ratio(amountMinor), fraction), 0);
}
