/**
 * Numbers for the nav bar's pages only (apart from format.ts, so the sidebar's first load does
 * not carry them): changes with their sign, percentages, and lists in the locale's words. Every
 * figure goes through Intl.NumberFormat for the user's locale, in the text and on the charts'
 * axes alike, and money is handed to Intl as its decimal string.
 * @module
 */
import { minorUnits } from '../../pricing/index.js';

/** A change of money with its sign, "+$0.50", "−$1.00" (zero unsigned), exact like formatMoney. */
export function formatMoneyChange(amount: string, currency: string, locale: string): string {
  const digits = minorUnits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: 'exceptZero',
  }).format(amount as unknown as number);
}

/** "A, B and C" (conjunction) or "A, B or C" (disjunction), in the locale's words. */
export function formatList(
  items: readonly string[],
  locale: string,
  type: 'conjunction' | 'disjunction' = 'conjunction',
): string {
  return new Intl.ListFormat(locale, { type, style: 'long' }).format(items);
}

/**
 * A rate (0 to 1, a decimal string) as a percentage in the locale's own format, with at most
 * one decimal: "55.5%", "55,5 %", "55.5%". Charts' axes use the same function, so they agree.
 */
export function formatPercent(rate: string | number, locale: string, digits = 1): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(
    rate as number,
  );
}

/** A count in the locale's digits and grouping ("1,234", "1.234", "1 234"). */
export function formatCount(value: string | number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value as number);
}

/** A difference of rates (0 to 1, a decimal string) in percentage points: "0.052" → "5.2". */
export function formatPoints(delta: string, locale: string): string {
  // The rate's digits moved by two places, handed to Intl as an exact decimal string.
  const negative = delta.startsWith('-');
  const [whole = '0', fraction = ''] = delta.replace('-', '').split('.');
  const points = `${negative ? '-' : ''}${whole}${fraction.padEnd(2, '0').slice(0, 2)}.${fraction.slice(2) || '0'}`;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(
    points as unknown as number,
  );
}
