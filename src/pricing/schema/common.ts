/**
 * Shared field schemas. Every message says what was expected, so that a formatted issue
 * (`rates.conversation: …`) tells the user how to fix it.
 * @module
 */
// zod/mini: the same validation as zod, in a fraction of the app bundle's bytes.
import * as z from 'zod/mini';
import { DECIMAL_PATTERN } from '../money/decimal.js';
import { parseInstant } from '../time.js';

/** The most fractional digits a unit price may carry. */
export const MAX_PRICE_DIGITS = 6;

function fractionDigits(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * A unit price: a non-negative decimal string with at most 6 fractional digits.
 * JSON numbers are refused: they are binary floats by the time anyone reads them.
 */
export const priceString = z
  .string({ error: 'expected a decimal string such as "0.99" (not a JSON number)' })
  .check(
    z.regex(DECIMAL_PATTERN, {
      error: 'expected a non-negative decimal string such as "0.99", without sign or exponent',
    }),
    z.refine((s: string) => fractionDigits(s) <= MAX_PRICE_DIGITS, {
      error: `a price has at most ${MAX_PRICE_DIGITS} fractional digits`,
    }),
  );

/** A non-negative quantity such as a number of minutes: a decimal string, 6 fractional digits at most. */
export const decimalString = z
  .string({ error: 'expected a decimal string such as "12" or "7.5" (not a JSON number)' })
  .check(
    z.regex(DECIMAL_PATTERN, {
      error: 'expected a non-negative decimal string such as "12", without sign or exponent',
    }),
    z.refine((s: string) => fractionDigits(s) <= MAX_PRICE_DIGITS, {
      error: `at most ${MAX_PRICE_DIGITS} fractional digits`,
    }),
  );

/** A rate between 0 and 1 (such as an escalation rate), as a decimal string. */
export const rateString = z
  .string({ error: 'expected a rate between 0 and 1 as a decimal string such as "0.40"' })
  .check(
    z.regex(DECIMAL_PATTERN, {
      error: 'expected a rate between 0 and 1 as a decimal string such as "0.40"',
    }),
    z.refine((s: string) => fractionDigits(s) <= MAX_PRICE_DIGITS, {
      error: `a rate has at most ${MAX_PRICE_DIGITS} fractional digits`,
    }),
    z.refine((s: string) => !DECIMAL_PATTERN.test(s) || /^(0(\.\d+)?|1(\.0+)?)$/.test(s), {
      error: 'a rate is at most 1',
    }),
  );

/** A count of credits per unit: a non-negative integer, or a decimal string for fractions. */
export const creditCount = z.union(
  [z.int().check(z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER)), priceString],
  { error: 'expected a non-negative integer or a decimal string such as "0.5"' },
);

export const nonNegativeInteger = z
  .int({ error: 'expected a non-negative integer' })
  .check(
    z.nonnegative({ error: 'expected a non-negative integer' }),
    z.lte(Number.MAX_SAFE_INTEGER, { error: 'too large' }),
  );

export const instantString = z
  .string({
    error: 'expected an ISO 8601 date-time with an offset, such as "2026-11-02T09:00:00Z"',
  })
  .check(
    z.refine((s: string) => parseInstant(s) !== null, {
      error: 'expected an ISO 8601 date-time with an offset, such as "2026-11-02T09:00:00Z"',
    }),
  );

export const toolSlug = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'required for tool_call and api_call events'
        : 'expected a tool slug such as "order_lookup"',
  })
  .check(
    z.regex(/^[a-z0-9_]{1,64}$/, {
      error: 'expected a tool slug of 1 to 64 characters a-z, 0-9, _',
    }),
  );

export const planSlug = z.string({ error: 'expected a plan id' }).check(
  z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
    error: 'expected a slug of 1 to 64 characters a-z, 0-9, - and _',
  }),
);
