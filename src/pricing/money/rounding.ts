/**
 * Rounding of exact quotients. Each mode is a named function so that every call site says which
 * one it means (there is no silent default).
 * @module
 */

/**
 * `numerator / denominator` rounded to the nearest integer, ties to the even neighbour
 * (banker's rounding), so that rounding many lines does not drift upwards on average.
 * The denominator must be positive.
 */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  let quotient = numerator / denominator;
  let remainder = numerator % denominator;
  // BigInt division truncates toward zero; move to floor so the remainder is non-negative.
  if (remainder < 0n) {
    quotient -= 1n;
    remainder += denominator;
  }
  const twice = remainder * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n !== 0n)) quotient += 1n;
  return quotient;
}

/** `numerator / denominator` rounded up to the next integer (denominator positive). */
export function divideCeil(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const quotient = numerator / denominator;
  return numerator % denominator > 0n ? quotient + 1n : quotient;
}
