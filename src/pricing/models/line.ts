/**
 * Breakdown lines: quantity × unit price, computed exactly and rounded once, half to even.
 * @module
 */
import { big } from '../activity/totals.js';
import { type Decimal, formatFixed, formatPlain, parseDecimal, pow10 } from '../money/decimal.js';
import { fromDecimal, mulRatio, type Ratio, ratio, roundRatio } from '../money/ratio.js';
import { divideHalfEven } from '../money/rounding.js';

/** How many fractional digits a quantity shows (the amount uses the exact value). */
export const QUANTITY_DISPLAY_DIGITS = 6;

export interface DraftLine {
  readonly code: string;
  readonly quantity: Ratio;
  readonly unitPrice: Decimal;
  readonly provisional: boolean;
}

export interface Line {
  /** Priced over a timeline: the plan that rated it, `id@version`. */
  readonly plan?: string;
  readonly code: string;
  /** Decimal string; processing minutes and fractional credits rounded for display only. */
  readonly quantity: string;
  readonly unitPrice: string;
  /** Rounded to the currency's minor digits, half to even. */
  readonly amount: string;
  /** True for a charge that waits on a pending confirmation. */
  readonly provisional: boolean;
}

/**
 * Plans carry a handful of distinct price strings that every ticket's lines reuse, so each is
 * parsed (and its display form made) once. Bounded, since a server sees plans come and go.
 */
const priceCache = new Map<string, { price: Decimal; text: string }>();
const plainText = new WeakMap<Decimal, string>();

function cachedPrice(text: string): { price: Decimal; text: string } {
  let entry = priceCache.get(text);
  if (!entry) {
    const price = parseDecimal(text);
    entry = { price, text: formatPlain(price) };
    plainText.set(price, entry.text);
    if (priceCache.size >= 10_000) priceCache.clear();
    priceCache.set(text, entry);
  }
  return entry;
}

function priceText(price: Decimal): string {
  let text = plainText.get(price);
  if (text === undefined) {
    text = formatPlain(price);
    plainText.set(price, text);
  }
  return text;
}

/** Whole quantities below this are shared objects: most lines are 1 to a few dozen. */
const SHARED_WHOLE = 1024n;
const wholes: Ratio[] = [];

function wholeQuantity(n: bigint): Ratio {
  if (n < 0n || n >= SHARED_WHOLE) return ratio(n);
  const i = Number(n);
  let r = wholes[i];
  if (r === undefined) {
    r = Object.freeze(ratio(n));
    wholes[i] = r;
  }
  return r;
}

export function draft(
  code: string,
  quantity: Ratio | bigint,
  unitPrice: string | Decimal,
  provisional = false,
): DraftLine {
  return {
    code,
    quantity: typeof quantity === 'bigint' ? wholeQuantity(quantity) : quantity,
    unitPrice: typeof unitPrice === 'string' ? cachedPrice(unitPrice).price : unitPrice,
    provisional,
  };
}

/** The line's amount in minor units of a currency with `minorDigits`, rounded half to even. */
export function lineAmount(line: DraftLine, minorDigits: number): bigint {
  return safeLineAmount(line, minorDigits) ?? exactLineAmount(line, minorDigits);
}

/**
 * Most lines are a whole quantity at a price of a few digits, whose product is a safe integer:
 * then the amount is exact in plain numbers, with no BigInt arithmetic to allocate. Null when
 * it is not (a fraction, or a product past 2^53), for {@link exactLineAmount}.
 */
export function safeLineAmount(line: DraftLine, minorDigits: number): bigint | null {
  const minor = safeLineMinor(line, minorDigits);
  return minor === null ? null : big(minor);
}

/** {@link safeLineAmount} as a safe integer, for sums that stay in numbers while they can. */
export function safeLineMinor(line: DraftLine, minorDigits: number): number | null {
  const { quantity, unitPrice } = line;
  if (quantity.den !== 1n) return null;
  // Past 2^53 either factor is inexact as a number, and then the product is not a safe integer.
  const product = Number(quantity.num) * Number(unitPrice.units);
  if (product < 0 || !Number.isSafeInteger(product)) return null;
  const shift = unitPrice.scale - minorDigits;
  if (shift >= 0) {
    return shift < SAFE_POW10.length ? divideHalfEvenSafe(product, SAFE_POW10[shift]!) : null;
  }
  const scaled = product * (SAFE_POW10[-shift] ?? Number.POSITIVE_INFINITY);
  return Number.isSafeInteger(scaled) ? scaled : null;
}

/** The line's amount in BigInt arithmetic, whatever its size: q × price, rounded once. */
export function exactLineAmount(line: DraftLine, minorDigits: number): bigint {
  const { quantity, unitPrice } = line;
  if (quantity.den === 1n) {
    const shift = unitPrice.scale - minorDigits;
    if (shift <= 0) return quantity.num * unitPrice.units * pow10(-shift);
    return divideHalfEven(quantity.num * unitPrice.units, pow10(shift));
  }
  return roundRatio(mulRatio(quantity, fromDecimal(unitPrice)), minorDigits);
}

/** 10^0 to 10^15: every power a safe-integer division by it needs. */
const SAFE_POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * {@link divideHalfEven} for a non-negative safe integer and a positive power of ten: the
 * quotient and remainder of two safe integers are exact in floating point.
 */
function divideHalfEvenSafe(numerator: number, denominator: number): number {
  const remainder = numerator % denominator;
  const quotient = (numerator - remainder) / denominator;
  const twice = remainder * 2;
  if (twice > denominator || (twice === denominator && quotient % 2 !== 0)) return quotient + 1;
  return quotient;
}

/** Below this, the text of an amount or whole quantity is made once and reused. */
const SHARED_TEXT = 10_000;
/** By digit count, up to the most a currency has (3) and quantities' 0. */
const texts: string[][] = [[], [], [], []];

/**
 * {@link formatFixed} of a whole number (a safe integer or a BigInt), with the text of each small
 * non-negative value made once per digit count: a replay's breakdowns write the same few hundred
 * amounts and quantities over and over.
 */
export function fixedText(units: bigint | number, digits: number): string {
  const made = texts[digits];
  if (!made || units < 0 || units >= SHARED_TEXT) return formatFixed(BigInt(units), digits);
  // biome-ignore lint/suspicious/noAssignInExpressions: made once, then read.
  return (made[Number(units)] ??= formatFixed(BigInt(units), digits));
}

export function formatQuantity(q: Ratio): string {
  // Whole quantities (most of them) need no rounding.
  if (q.den === 1n) return fixedText(q.num, 0);
  const units = roundRatio(q, QUANTITY_DISPLAY_DIGITS);
  return formatPlain({ units, scale: QUANTITY_DISPLAY_DIGITS });
}

/**
 * The line as a breakdown writes it, its `amount` being {@link lineAmount}'s; `plan` names the
 * plan that rated it, over a timeline.
 */
export function finishLine(
  line: DraftLine,
  minorDigits: number,
  amount: bigint,
  plan?: string,
): Line {
  if (plan === undefined) {
    const shared = sharedLine(line, minorDigits, amount);
    if (shared) return shared;
  }
  const written = writeLine(line, minorDigits, amount);
  return plan === undefined ? written : { plan, ...written };
}

function writeLine(line: DraftLine, minorDigits: number, amount: bigint): Line {
  return {
    code: line.code,
    quantity: formatQuantity(line.quantity),
    unitPrice: priceText(line.unitPrice),
    amount: fixedText(amount, minorDigits),
    provisional: line.provisional,
  };
}

/**
 * Lines of a small whole quantity, by unit price, code, quantity, provisional flag and the
 * currency's digits: a replay's breakdowns repeat the same few hundred lines, and each is written
 * once, frozen, and shared (a breakdown's lines are read, never changed). Bounded per price.
 */
const sharedLines = new WeakMap<Decimal, Map<string, (Line | undefined)[]>>();

function sharedLine(line: DraftLine, minorDigits: number, amount: bigint): Line | null {
  const { quantity } = line;
  if (quantity.den !== 1n || quantity.num < 0n || quantity.num >= SHARED_WHOLE) return null;
  let byCode = sharedLines.get(line.unitPrice);
  if (!byCode) {
    byCode = new Map();
    sharedLines.set(line.unitPrice, byCode);
  }
  let slots = byCode.get(line.code);
  if (!slots) {
    if (byCode.size >= 1_000) byCode.clear();
    slots = [];
    byCode.set(line.code, slots);
  }
  const slot = (Number(quantity.num) * 2 + (line.provisional ? 1 : 0)) * 4 + minorDigits;
  // biome-ignore lint/suspicious/noAssignInExpressions: written once, then shared.
  return (slots[slot] ??= Object.freeze(writeLine(line, minorDigits, amount)));
}
