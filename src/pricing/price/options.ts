/**
 * Options shared by every pricing entry point, checked once.
 * @module
 */
import { PricingInputError } from '../errors.js';
import { isTimeZone, parseInstant } from '../time.js';

export interface PriceOptions {
  /** The instant to evaluate at (ISO 8601 with offset, or a Date); default now. */
  readonly asOf?: string | Date | undefined;
  /** IANA time zone whose calendar months are the periods; default UTC. */
  readonly timeZone?: string | undefined;
}

export function resolveAsOf(asOf: PriceOptions['asOf']): number {
  if (asOf === undefined) return Date.now();
  if (asOf instanceof Date) return asOf.getTime();
  const ms = parseInstant(asOf);
  if (ms === null) {
    throw new PricingInputError('asOf', [
      {
        field: 'asOf',
        message: 'expected an ISO 8601 date-time with an offset, such as "2026-11-06T00:00:00Z"',
      },
    ]);
  }
  return ms;
}

export function resolveTimeZone(timeZone: PriceOptions['timeZone']): string {
  if (timeZone === undefined || timeZone === 'UTC') return 'UTC';
  if (!isTimeZone(timeZone)) {
    throw new PricingInputError('timeZone', [
      { field: 'timeZone', message: 'expected an IANA time zone such as "Europe/Berlin"' },
    ]);
  }
  return timeZone;
}
