/**
 * Exact decimals as a scaled BigInt: `value = units / 10^scale`.
 *
 * Every amount, price and quantity on the money path is one of these (or a {@link Ratio} while a
 * line is being computed); binary floating point never touches money.
 * @module
 */

export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** A plain decimal string: digits, an optional fraction, no sign, no exponent. */
export const DECIMAL_PATTERN = /^(0|[1-9]\d*)(\.\d+)?$/;

const POW10: bigint[] = [];
/** 10^n as a BigInt, cached because every line computation needs a few of them. */
export function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    POW10[n] = p;
  }
  return p;
}

/**
 * Parses a non-negative decimal string such as `"0.99"` or `"2000"`.
 * Callers validate the shape first (see the schemas); this throws on anything else.
 */
export function parseDecimal(text: string): Decimal {
  if (!DECIMAL_PATTERN.test(text)) throw new RangeError(`not a decimal string: ${text}`);
  const dot = text.indexOf('.');
  if (dot < 0) return { units: BigInt(text), scale: 0 };
  return { units: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
}

/** Formats with exactly `digits` fractional digits; the value must already have that scale. */
export function formatFixed(units: bigint, digits: number): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  if (digits === 0) return (negative ? '-' : '') + abs.toString();
  const raw = abs.toString().padStart(digits + 1, '0');
  const cut = raw.length - digits;
  return `${negative ? '-' : ''}${raw.slice(0, cut)}.${raw.slice(cut)}`;
}

/** Formats without trailing fractional zeros: `{ units: 500n, scale: 3 }` → `"0.5"`. */
export function formatPlain(d: Decimal): string {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return formatFixed(units, scale);
}
