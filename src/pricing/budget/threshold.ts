/**
 * The per-ticket cost threshold: whether a ticket's running cost (provisional charges
 * included) has reached the amount an admin set. Reaching it counts: a ticket that costs
 * exactly the threshold is over it, so "warn at 5.00" warns at 5.00, not at the next cent.
 * @module
 */
import { DECIMAL_PATTERN, parseDecimal } from '../money/decimal.js';
import { compareRatio, fromDecimal } from '../money/ratio.js';

/** A threshold as an admin writes it: a positive decimal, at most 6 fractional digits. */
export const THRESHOLD_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,6})?$/;

export function isThreshold(text: string): boolean {
  return THRESHOLD_PATTERN.test(text) && /[1-9]/.test(text);
}

/**
 * Whether `total` (a breakdown's amount, a decimal string) is at or above `threshold`;
 * compared exactly, whatever digits either has. A negative total (never priced) is under it.
 */
export function reachesThreshold(total: string, threshold: string): boolean {
  if (!DECIMAL_PATTERN.test(total)) return false;
  return compareRatio(fromDecimal(parseDecimal(total)), fromDecimal(parseDecimal(threshold))) >= 0;
}
