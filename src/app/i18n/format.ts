/**
 * Numbers for people: money from the core's decimal strings (handed to Intl as strings, so no
 * binary float ever touches an amount), quantities, and the time left before a confirmation.
 * @module
 */
// The module itself, not the core's index: the sidebar's first paint formats amounts without
// loading the rest of the core.
import { minorUnits } from '../../pricing/money/currency.js';
import type { Translator } from './i18n.js';

export function formatMoney(amount: string, currency: string, locale: string): string {
  const digits = minorUnits(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl formats a decimal string exactly (ECMA-402 "Intl.NumberFormat v3").
  return format.format(amount as unknown as number);
}

/** A unit price: at least the currency's digits, and every digit it has (up to 6). */
export function formatUnitPrice(price: string, currency: string, locale: string): string {
  const digits = minorUnits(currency);
  const decimals = price.includes('.') ? price.length - price.indexOf('.') - 1 : 0;
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: Math.max(digits, Math.min(6, decimals)),
  });
  return format.format(price as unknown as number);
}

/** A quantity as written, up to 6 decimals, in the locale's digits. */
export function formatDecimal(value: string, locale: string): string {
  const decimals = value.includes('.') ? value.length - value.indexOf('.') - 1 : 0;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: Math.min(6, decimals) }).format(
    value as unknown as number,
  );
}

export function formatTimeLeft(ms: number, i18n: Translator): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return i18n.t('sidebar.duration.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return i18n.t('sidebar.duration.hours', { h: hours, m: minutes % 60 });
  return i18n.t('sidebar.duration.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** An instant in the agent's time zone (Zendesk's, else the browser's), with the date. */
export function formatInstant(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

// ECMA-402 v3 rounding options, which TypeScript's lib does not list yet.
type RoundingOptions = Intl.NumberFormatOptions & { roundingMode?: 'halfEven' };

/**
 * A quantity for the screen: at most 2 decimals, rounded half to even like the amounts (the
 * exact value is in the line's explanation). Handed to Intl as a string, so exact.
 */
export function formatQuantity(value: string, locale: string): string {
  const options: RoundingOptions = { maximumFractionDigits: 2, roundingMode: 'halfEven' };
  return new Intl.NumberFormat(locale, options).format(value as unknown as number);
}

/** Whether a quantity shows fewer digits on screen than it has. */
export function quantityShortened(value: string): boolean {
  const dot = value.indexOf('.');
  return dot >= 0 && value.length - dot - 1 > 2;
}
