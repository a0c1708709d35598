/**
 * Allocation of an amount in minor units among tickets, and proration of a period amount.
 * Shares always sum exactly to the amount.
 * @module
 */
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
  for (const id of [...ticketIds].sort(compareTicketIds)) {
    shares.set(id, even + (remainder > 0n ? 1n : 0n));
    if (remainder > 0n) remainder -= 1n;
  }
  return shares;
}

/** `amountMinor × fraction`, rounded half to even to minor units (a prorated base fee). */
export function prorateMinor(amountMinor: bigint, fraction: Ratio): bigint {
  if (fraction.num === fraction.den) return amountMinor;
  return roundRatio(mulRatio(ratio(amountMinor), fraction), 0);
}
