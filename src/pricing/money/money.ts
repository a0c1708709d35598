/**
 * Money as a value: an integer of minor units and its currency (dinero.js's model), read-only.
 * Amounts cross the core's boundary as these; a decimal string is made only to write JSON or to
 * render ({@link formatAmount}), and read back only where JSON arrives ({@link parseAmount}).
 * @module
 */
import { minorUnits } from './currency.js';
import { formatFixed, pow10 } from './decimal.js';
import { divideHalfEven } from './rounding.js';

export interface Money {
  /** Minor units: cents for USD, yen for JPY, fils for KWD. */
  readonly minor: bigint;
  readonly currency: string;
  /** The currency's minor digits (ISO 4217). */
  readonly scale: number;
}

export function money(minor: bigint, currency: string): Money {
  return { minor, currency, scale: minorUnits(currency) };
}

export function zeroMoney(currency: string): Money {
  return money(0n, currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new RangeError(`cannot add ${a.currency} to ${b.currency}: convert first`);
  }
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { ...a, minor: a.minor + b.minor };
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { ...a, minor: a.minor - b.minor };
}

/** `a / count`, rounded half to even to minor units; null when there is nothing to divide by. */
export function divideMoney(a: Money, count: number): Money | null {
  return count === 0 ? null : { ...a, minor: divideHalfEven(a.minor, BigInt(count)) };
}

/** The amount as the contract writes it: exactly the currency's minor digits (`"1.50"`). */
export function formatAmount(m: Money): string {
  return formatFixed(m.minor, m.scale);
}

const AMOUNT = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Reads an amount written by {@link formatAmount} (or any decimal string with at most the
 * currency's minor digits) back into money, where JSON arrives; anything else is refused.
 */
export function parseAmount(text: string, currency: string): Money {
  const scale = minorUnits(currency);
  const match = AMOUNT.exec(text);
  if (!match || (match[3]?.length ?? 0) > scale) {
    throw new RangeError(`not an amount in ${currency}: ${text}`);
  }
  const fraction = (match[3] ?? '').padEnd(scale, '0');
  const minor = BigInt(match[2]!) * pow10(scale) + BigInt(fraction || '0');
  return { minor: match[1] ? -minor : minor, currency, scale };
}
