import { describe, expect, it } from 'vitest';
import { priceTicket } from '../../src/pricing/index.js';
import { minorUnits } from '../../src/pricing/money/currency.js';
import { formatFixed, formatPlain, parseDecimal } from '../../src/pricing/money/decimal.js';
import { divideCeil, divideHalfEven } from '../../src/pricing/money/rounding.js';
import { conversation, status, ticket, toolCall, usagePlan } from './build.js';

describe('half-to-even division', () => {
  it.each([
    [5n, 2n, 2n], // 2.5 → 2
    [7n, 2n, 4n], // 3.5 → 4
    [9n, 2n, 4n], // 4.5 → 4
    [11n, 2n, 6n], // 5.5 → 6
    [26n, 10n, 3n], // 2.6 → 3
    [24n, 10n, 2n], // 2.4 → 2
    [-5n, 2n, -2n], // -2.5 → -2
    [-7n, 2n, -4n], // -3.5 → -4
    [-26n, 10n, -3n],
    [0n, 7n, 0n],
    [10n, 5n, 2n],
  ])('%d / %d → %d', (n, d, q) => {
    expect(divideHalfEven(n, d)).toBe(q);
  });

  it('refuses a zero or negative denominator', () => {
    expect(() => divideHalfEven(1n, 0n)).toThrow(RangeError);
    expect(() => divideCeil(1n, -1n)).toThrow(RangeError);
  });

  it('rounds up with divideCeil only when there is a remainder', () => {
    expect(divideCeil(60_000n, 60_000n)).toBe(1n);
    expect(divideCeil(60_001n, 60_000n)).toBe(2n);
    expect(divideCeil(0n, 60_000n)).toBe(0n);
  });
});

describe('decimal strings', () => {
  it('parses and formats without losing a digit', () => {
    expect(parseDecimal('0.99')).toEqual({ units: 99n, scale: 2 });
    expect(parseDecimal('2000')).toEqual({ units: 2000n, scale: 0 });
    expect(parseDecimal('12345678901234567890.123456')).toEqual({
      units: 12345678901234567890123456n,
      scale: 6,
    });
    expect(formatFixed(5n, 2)).toBe('0.05');
    expect(formatFixed(150n, 0)).toBe('150');
    expect(formatFixed(-5n, 3)).toBe('-0.005');
    expect(formatPlain({ units: 500n, scale: 3 })).toBe('0.5');
    expect(formatPlain({ units: 5000n, scale: 2 })).toBe('50');
  });

  it.each(['-1', '1e3', '.5', '5.', '01', ' 1', '0x10', ''])('refuses %j', (text) => {
    expect(() => parseDecimal(text)).toThrow(RangeError);
  });
});

describe('ISO 4217 minor units', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
  ])('%s has %d', (code, digits) => {
    expect(minorUnits(code)).toBe(digits);
  });
});

describe('each line is rounded once, half to even, in the currency of the plan', () => {
  const oneOf = (rate: string, currency: string, quantity = 1) =>
    priceTicket(
      usagePlan({ rates: { conversation: rate } }, currency),
      ticket([conversation('c', 0, quantity)], [status('open', 0)]),
      {
        asOf: '2026-11-30T00:00:00Z',
      },
    ).lines[0]!.amount;

  it.each([
    ['JPY', '2.5', '2'],
    ['JPY', '3.5', '4'],
    ['JPY', '2.51', '3'],
    ['USD', '0.125', '0.12'],
    ['USD', '0.135', '0.14'],
    ['USD', '0.005', '0.00'],
    ['USD', '0.015', '0.02'],
    ['KWD', '0.0005', '0.000'],
    ['KWD', '0.0015', '0.002'],
    ['KWD', '1.2345', '1.234'],
  ])('%s at %s → %s', (currency, rate, amount) => {
    expect(oneOf(rate, currency)).toBe(amount);
  });

  it('computes the product exactly before rounding (no per-unit rounding)', () => {
    // 3 × 0.005 = 0.015 → 0.02; rounding the unit first would give 3 × 0.00 = 0.00 (or 0.03).
    expect(oneOf('0.005', 'USD', 3)).toBe('0.02');
    // 1,000,001 × 0.000001 = 1.000001 → 1.00
    expect(oneOf('0.000001', 'USD', 1_000_001)).toBe('1.00');
  });

  it('totals the rounded lines, so the breakdown adds up', () => {
    const b = priceTicket(
      usagePlan({ rates: { conversation: '0.005', tool_call: '0.005' } }),
      ticket([conversation('c'), toolCall('t', 'x')], [status('open', 0)]),
      { asOf: '2026-11-30T00:00:00Z' },
    );
    // 0.005 → 0.00 (to even) on each line; the exact sum 0.01 is not what the lines show.
    expect(b.lines.map((l) => l.amount)).toEqual(['0.00', '0.00']);
    expect(b.total).toBe('0.00');
  });
});

describe('the ISO 4217 table', () => {
  it('agrees with the currency-codes package it is generated from', async () => {
    const { default: iso } = await import('currency-codes/data.js');
    for (const { code, digits } of iso as ReadonlyArray<{ code: string; digits: number }>) {
      expect(minorUnits(code), code).toBe(digits);
    }
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('JPY')).toBe(0);
    expect(() => minorUnits('XYZ')).toThrow(RangeError);
  });
});
