/**
 * Budgets (issue 14), exact: the spend thresholds at, just under and just over their share, the
 * forecast's arithmetic (mean of the completed days, the range from the cheapest and dearest
 * day, never below what is spent), and the credit pool's drain and exhaustion day.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetStanding, reachesShare } from '../../src/pricing/budget/budget.js';
import { poolStanding } from '../../src/pricing/budget/credit-pool.js';
import { daysInMonth, forecastMonth } from '../../src/pricing/budget/forecast.js';

describe('spend thresholds', () => {
  const standing = (confirmed: bigint, budget = 10_000n) =>
    budgetStanding({
      budgetMinor: budget,
      dailyConfirmedMinor: [confirmed],
      provisionalMinor: 0n,
      daysInMonth: 30,
    });

  it.each([
    [4_999n, []],
    [5_000n, [50]],
    [7_999n, [50]],
    [8_000n, [50, 80]],
    [9_999n, [50, 80]],
    [10_000n, [50, 80, 100]],
    [25_000n, [50, 80, 100]],
  ])('%s of 100.00 reaches %j', (confirmed, reached) => {
    const s = standing(confirmed);
    expect(s.reached).toEqual(reached);
    expect(s.due).toEqual(reached.map((threshold) => ({ kind: 'spend', threshold })));
  });

  it('judges a share exactly where the budget does not divide evenly', () => {
    // 50 % of 0.03 is 0.015: 0.01 has not reached it, 0.02 has.
    expect(reachesShare(1n, 3n, 50)).toBe(false);
    expect(reachesShare(2n, 3n, 50)).toBe(true);
    // 80 % of 0.07 is 0.056.
    expect(standing(5n, 7n).reached).toEqual([50]);
    expect(standing(6n, 7n).reached).toEqual([50, 80]);
  });

  it('writes the share used with two decimals, half to even', () => {
    expect(standing(1n, 3n).percentUsed).toBe('33.33');
    expect(standing(2n, 3n).percentUsed).toBe('66.67');
    // 1/8 = 12.5 % exactly; 1/80000 = 0.00125 % rounds to 0.00 (half to even).
    expect(standing(1n, 8n).percentUsed).toBe('12.50');
    expect(standing(1n, 80_000n).percentUsed).toBe('0.00');
  });

  it('keeps provisional spend apart and out of the thresholds', () => {
    const s = budgetStanding({
      budgetMinor: 100n,
      dailyConfirmedMinor: [10n],
      provisionalMinor: 500n,
      daysInMonth: 30,
    });
    expect(s.confirmedMinor).toBe(10n);
    expect(s.provisionalMinor).toBe(500n);
    expect(s.reached).toEqual([]);
  });

  it('refuses a budget of zero', () => {
    expect(() => standing(0n, 0n)).toThrow(RangeError);
  });
});

describe('the forecast', () => {
  it('has none on the first day of the month', () => {
    expect(forecastMonth([500n], 30)).toBeNull();
  });

  it('adds the completed days’ mean for each day after today, the range at their extremes', () => {
    // Nov (30 days), today the 4th: days 1–3 spent 1.00, 2.00, 3.00; today 0.50 so far.
    const f = forecastMonth([100n, 200n, 300n, 50n], 30, 10_000n)!;
    expect(f).toMatchObject({ method: 'completed-days-mean', basisDays: 3, projectedDays: 26 });
    // 6.50 + 2.00 × 26 = 58.50; low 6.50 + 1.00 × 26; high 6.50 + 3.00 × 26.
    expect(f.expectedMinor).toBe(5_850n);
    expect(f.lowMinor).toBe(3_250n);
    expect(f.highMinor).toBe(8_450n);
    expect(f.exceeds).toBe(false);
  });

  it('rounds the expectation half to even and compares it with the budget unrounded', () => {
    // 0.01 on the 1st, nothing since, today the 7th of 30: 0.01 + 0.01 / 6 × 23 = 0.04833…
    const f = forecastMonth([1n, 0n, 0n, 0n, 0n, 0n, 0n], 30, 5n)!;
    expect(f.expectedMinor).toBe(5n);
    // Written 0.05, it is below a budget of 0.05: not past it; past one of 0.04.
    expect(f.exceeds).toBe(false);
    expect(forecastMonth([1n, 0n, 0n, 0n, 0n, 0n, 0n], 30, 4n)!.exceeds).toBe(true);
    // Exactly at the budget is not past it: 0.03 + 0.01 × 26 = 0.29.
    expect(forecastMonth([3n, 0n, 0n, 0n], 30, 29n)!.exceeds).toBe(false);
    expect(forecastMonth([3n, 0n, 0n, 0n], 30, 28n)!.exceeds).toBe(true);
  });

  it('counts today’s spend as it stands, however far above the mean', () => {
    // 2.00 over two days (mean 1.00), 1,000.00 today, 27 days after it.
    const f = forecastMonth([100n, 100n, 100_000n], 30, 1_000_000n)!;
    expect(f.expectedMinor).toBe(100_200n + 2_700n);
    expect(f.lowMinor).toBe(100_200n + 2_700n);
  });

  it('projects nothing on the last day of the month', () => {
    const f = forecastMonth([100n, 200n, 50n], 3)!;
    expect(f).toMatchObject({ projectedDays: 0, expectedMinor: 350n, lowMinor: 350n });
  });

  it('exceeds the budget once spend already has', () => {
    expect(forecastMonth([0n, 0n, 200n], 30, 100n)!.exceeds).toBe(true);
  });

  it('holds low ≤ expected ≤ high and stays within one minor unit of the exact fraction', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 2, maxLength: 31 }),
        fc.integer({ min: 0, max: 3 }),
        (days, extra) => {
          const n = Math.min(31, days.length + extra);
          const f = forecastMonth(days, n)!;
          expect(f.lowMinor <= f.expectedMinor && f.expectedMinor <= f.highMinor).toBe(true);
          const basis = days.slice(0, -1).reduce((a, b) => a + b, 0n);
          const spent = basis + days.at(-1)!;
          const k = BigInt(days.length - 1);
          const exact = spent * k + basis * BigInt(n - days.length);
          // Rounded once: within half a minor unit of the exact fraction.
          const diff = f.expectedMinor * k - exact;
          expect(2n * (diff < 0n ? -diff : diff)).toBeLessThanOrEqual(k);
          expect(f.lowMinor >= spent).toBe(true);
        },
      ),
    );
  });

  it('knows the month’s length, leap years included', () => {
    expect([1, 2, 4, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 28, 30, 31]);
    expect([daysInMonth(2028, 2), daysInMonth(2100, 2), daysInMonth(2000, 2)]).toEqual([
      29, 28, 29,
    ]);
  });
});

describe('the credit pool', () => {
  it('reaches 80 % and 100 % drained exactly at their share', () => {
    const at = (used: bigint) =>
      poolStanding({ poolUnits: 1_000n, dailyUnits: [used], daysInMonth: 30 });
    expect(at(799n).reached).toEqual([]);
    expect(at(800n).reached).toEqual([80]);
    expect(at(1_000n).reached).toEqual([80, 100]);
    expect(at(1_000n).remainingUnits).toBe(0n);
    expect(at(1_500n).remainingUnits).toBe(0n);
    expect(at(800n).percentDrained).toBe('80.00');
  });

  it('projects the day it runs out from the completed days’ mean burn', () => {
    // Days 1–2 burned 100 each (mean 100); today, the 3rd, 50 so far: 750 left of 1,000.
    // 750 / 100 = 7.5 days after today: the 11th.
    const s = poolStanding({ poolUnits: 1_000n, dailyUnits: [100n, 100n, 50n], daysInMonth: 30 });
    expect(s).toMatchObject({ usedUnits: 250n, exhaustsOnDay: 11, exhausted: false });
    // Exactly 7 days: the 10th, not the 11th.
    const even = poolStanding({ poolUnits: 950n, dailyUnits: [100n, 100n, 50n], daysInMonth: 30 });
    expect(even.exhaustsOnDay).toBe(10);
  });

  it('names the day it ran out, and none when it will outlast the month', () => {
    const out = poolStanding({ poolUnits: 300n, dailyUnits: [200n, 100n, 5n], daysInMonth: 30 });
    expect(out).toMatchObject({ exhaustsOnDay: 2, exhausted: true });
    const lasts = poolStanding({ poolUnits: 10_000n, dailyUnits: [1n, 1n], daysInMonth: 30 });
    expect(lasts.exhaustsOnDay).toBeNull();
    const idle = poolStanding({ poolUnits: 10n, dailyUnits: [0n, 0n, 3n], daysInMonth: 30 });
    expect(idle.exhaustsOnDay).toBeNull();
  });
});
