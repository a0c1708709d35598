/**
 * A line's amount has a fast path in plain numbers while q × price is a safe integer; it must
 * equal the BigInt arithmetic for every line, near and past Number.MAX_SAFE_INTEGER included, and
 * step aside (null) wherever it could not be exact. A ticket's cost and a breakdown's totals sum
 * the rounded lines the same way: in numbers while they can, in BigInt past that.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleBreakdown, costOf } from '../../src/pricing/breakdown.js';
import { parsePlan, singlePlanTimeline } from '../../src/pricing/index.js';
import {
  type DraftLine,
  exactLineAmount,
  lineAmount,
  safeLineAmount,
} from '../../src/pricing/models/line.js';
import { formatFixed } from '../../src/pricing/money/decimal.js';
import { ratio } from '../../src/pricing/money/ratio.js';
import { RUNS } from './arbitraries.js';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Small values, values around 2^53 and well past it, as BigInts. */
const magnitude = fc.oneof(
  fc.bigInt({ min: 0n, max: 1000n }),
  fc.bigInt({ min: 0n, max: 10n ** 9n }),
  fc.bigInt({ min: SAFE - 1000n, max: SAFE + 1000n }),
  fc.bigInt({ min: 0n, max: 10n ** 30n }),
);

const line: fc.Arbitrary<DraftLine> = fc
  .record({
    quantity: magnitude,
    den: fc.constantFrom(1n, 1n, 1n, 60_000n, 7n),
    units: magnitude,
    scale: fc.integer({ min: 0, max: 20 }),
    provisional: fc.boolean(),
  })
  .map(({ quantity, den, units, scale, provisional }) => ({
    code: 'x',
    quantity: ratio(quantity, den),
    unitPrice: { units, scale },
    provisional,
  }));

const digits = fc.constantFrom(0, 2, 3);

describe('a line amount', () => {
  it('is the same on the fast path as in BigInt arithmetic', () => {
    fc.assert(
      fc.property(line, digits, (l, d) => {
        const exact = exactLineAmount(l, d);
        const fast = safeLineAmount(l, d);
        if (fast !== null) expect(fast).toBe(exact);
        expect(lineAmount(l, d)).toBe(exact);
      }),
      { numRuns: RUNS.numRuns * 10 },
    );
  });

  it('takes the fast path for ordinary lines and leaves it past the safe integers', () => {
    const at = (q: bigint, units: bigint, scale: number): DraftLine => ({
      code: 'x',
      quantity: ratio(q),
      unitPrice: { units, scale },
      provisional: false,
    });
    expect(safeLineAmount(at(3n, 125n, 3), 2)).toBe(38n); // 0.375 → 0.38, half to even
    expect(safeLineAmount(at(1n, 125n, 3), 2)).toBe(12n); // 0.125 → 0.12
    expect(safeLineAmount(at(2n, 5n, 0), 2)).toBe(1000n); // 2 × 5 = 10.00
    expect(safeLineAmount(at(SAFE, 1n, 0), 0)).toBe(SAFE);
    expect(safeLineAmount(at(SAFE + 1n, 1n, 0), 0)).toBeNull();
    expect(safeLineAmount(at(SAFE, 2n, 0), 0)).toBeNull();
    expect(lineAmount(at(SAFE, 2n, 0), 0)).toBe(SAFE * 2n);
    expect(safeLineAmount({ ...at(1n, 1n, 0), quantity: ratio(1n, 3n) }, 2)).toBeNull();
  });
});

describe('a ticket cost', () => {
  it('sums its lines exactly, in numbers while it can and in BigInt past 2^53', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(line, { maxLength: 6 }), { maxLength: 3 }),
        digits,
        (groups, d) => {
          const all = groups.flat();
          const sum = (ls: DraftLine[]) => ls.reduce((s, l) => s + exactLineAmount(l, d), 0n);
          const cost = costOf('1', 'ai_resolved', groups, d);
          expect(cost.confirmedMinor).toBe(sum(all.filter((l) => !l.provisional)));
          expect(cost.provisionalMinor).toBe(sum(all.filter((l) => l.provisional)));
        },
      ),
      RUNS,
    );
  });
});

describe('a breakdown', () => {
  const head = singlePlanTimeline(
    parsePlan({
      id: 'p',
      name: 'P',
      version: 1,
      currency: 'USD',
      model: 'usage',
      rates: { conversation: '1' },
    }),
  ).segments[0]!.plan;

  it('totals its written lines exactly, past 2^53 included, as a ticket cost sums them', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), digits, (lines, d) => {
        const breakdown = assembleBreakdown(
          {
            ticketId: '1',
            tools: [],
            conflicts: [],
            outcome: {
              outcome: 'ai_resolved',
              rule: 2,
              confirmedAt: null,
              confirmsAt: null,
              decidedAt: null,
              restsOn: null,
              humanInvolvedAt: null,
              latestCsat: null,
              solves: [],
            },
            byPlan: lines.length > 0 ? [{ plan: head, lines }] : [],
            headPlan: head,
            tier: null,
          },
          { asOf: '2026-12-01T00:00:00Z', currency: 'USD', minorDigits: d, timeline: false },
        );
        const cost = costOf('1', 'ai_resolved', [lines], d);
        expect(breakdown.confirmedTotal).toBe(formatFixed(cost.confirmedMinor, d));
        expect(breakdown.total).toBe(formatFixed(cost.confirmedMinor + cost.provisionalMinor, d));
        expect(breakdown.lines.map((l) => l.amount)).toEqual(
          lines.map((l) => formatFixed(exactLineAmount(l, d), d)),
        );
      }),
      RUNS,
    );
  });
});
