/**
 * An exact rational written as a decimal: in full when it terminates, else to a number of
 * digits and marked with "…".
 * @module
 */
import { formatPlain, pow10 } from '../money/decimal.js';
import type { Ratio } from '../money/ratio.js';
import { divideHalfEven } from '../money/rounding.js';

/** The fractional digits needed to write num/den exactly, or null when it does not terminate. */
function terminatingDigits(r: Ratio): number | null {
  let den = r.den / gcd(r.num, r.den);
  let twos = 0;
  let fives = 0;
  while (den % 2n === 0n) {
    den /= 2n;
    twos++;
  }
  while (den % 5n === 0n) {
    den /= 5n;
    fives++;
  }
  return den === 1n ? Math.max(twos, fives) : null;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

/**
 * @example
 * exactDecimal({ num: 1n, den: 8n }, 12) // "0.125"
 * exactDecimal({ num: 17n, den: 24n }, 6) // "0.708333…"
 */
export function exactDecimal(r: Ratio, maxDigits: number): string {
  const digits = terminatingDigits(r);
  if (digits !== null && digits <= maxDigits) {
    return formatPlain({ units: (r.num * pow10(digits)) / r.den, scale: digits });
  }
  const units = divideHalfEven(r.num * pow10(maxDigits), r.den);
  return `${formatPlain({ units, scale: maxDigits })}…`;
}
