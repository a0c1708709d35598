/**
 * ISO 4217 currencies and their minor units, from the `currency-codes` package (the ISO list).
 * @module
 */
import isoCurrencies from 'currency-codes/data.js';

const MINOR_UNITS = new Map<string, number>();
for (const entry of isoCurrencies as ReadonlyArray<{ code: string; digits: number }>) {
  MINOR_UNITS.set(entry.code, entry.digits);
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
