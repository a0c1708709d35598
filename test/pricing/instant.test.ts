/**
 * Instants written by the core: the hand-written formatter must write exactly what `Date` writes
 * (without zero milliseconds), and read back to the same instant, across and past the calendar's
 * edges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant } from '../../src/pricing/time.js';
import { RUNS } from './arbitraries.js';

const byDate = (ms: number) => {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
};

// 0000-01-01 to 9999-12-31, and a little beyond on both sides (where Date's form is kept).
const MIN = Date.UTC(-5, 0, 1);
const MAX = Date.UTC(10_005, 0, 1);

describe('formatInstant', () => {
  it('writes what Date writes, and parses back to the instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN, max: MAX }), (ms) => {
        const text = formatInstant(ms);
        expect(text).toBe(byDate(ms));
        if (ms >= Date.UTC(0, 0, 1) && ms < Date.UTC(10_000, 0, 1)) {
          expect(parseInstant(text)).toBe(ms);
        }
      }),
      { numRuns: RUNS.numRuns * 5 },
    );
  });

  it('at the edges of days, months, leap years and the epoch', () => {
    for (const text of [
      '1970-01-01T00:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '2000-02-29T12:00:00Z',
      '1900-03-01T00:00:00Z',
      '2026-12-31T23:59:59.001Z',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
    ]) {
      const ms = parseInstant(text)!;
      expect(formatInstant(ms)).toBe(text);
      expect(formatInstant(ms)).toBe(byDate(ms));
    }
  });
});
