/**
 * ISO 4217 currencies and their minor units (generated from the ISO list; see iso4217.ts).
 * @module
 */
import { ISO_4217_BY_DIGITS } from './iso4217.js';

const MINOR_UNITS = new Map<string, number>();
for (const [digits, codes] of ISO_4217_BY_DIGITS) {
  for (const code of codes.split(' ')) MINOR_UNITS.set(code, digits);
}

export function isCurrencyCode(code: string): boolean {
  return MINOR_UNITS.has(code);
}

/** The number of minor digits of a currency: 2 for USD, 0 for JPY, 3 for KWD. */
export function minorUnits(code: string): number {
  const digits = MINOR_UNITS.get(code);
  if (digits === undefined) throw new RangeError(`unknown ISO 4217 currency: ${code}`);
  return digits;
}
