/**
 * An exact non-negative rational `num / den`. Quantities such as processing minutes
 * (`ms / 60000`) or fractional credits are ratios until a line rounds them once.
 * @module
 */
import { type Decimal, pow10 } from './decimal.js';
import { divideHalfEven } from './rounding.js';

export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

export const ZERO: Ratio = { num: 0n, den: 1n };

export function ratio(num: bigint, den: bigint = 1n): Ratio {
  return { num, den };
}

export function fromDecimal(d: Decimal): Ratio {
  return { num: d.units, den: pow10(d.scale) };
}

export function addRatio(a: Ratio, b: Ratio): Ratio {
  if (a.den === b.den) return { num: a.num + b.num, den: a.den };
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

export function subRatio(a: Ratio, b: Ratio): Ratio {
  if (a.den === b.den) return { num: a.num - b.num, den: a.den };
  return { num: a.num * b.den - b.num * a.den, den: a.den * b.den };
}

export function mulRatio(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.num, den: a.den * b.den };
}

export function compareRatio(a: Ratio, b: Ratio): number {
  const x = a.num * b.den;
  const y = b.num * a.den;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rounds to `digits` fractional digits, half to even; the result is a scaled integer. */
export function roundRatio(r: Ratio, digits: number): bigint {
  return divideHalfEven(r.num * pow10(digits), r.den);
}
