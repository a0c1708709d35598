/**
 * The partial order behind the credit pool's drain and the fee's remainder: taking items one by
 * one gives them in sorted order, and what is left is exactly the items not taken.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ascending } from '../../src/pricing/heap.js';
import { compareTicketIds } from '../../src/pricing/order.js';
import { RUNS } from './arbitraries.js';

const byNumber = (a: number, b: number) => a - b;

describe('ascending', () => {
  it('gives every item in sorted order, duplicates included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 200 }), (items) => {
        const ordered = ascending(items, byNumber);
        const taken: number[] = [];
        for (let x = ordered.next(); x !== undefined; x = ordered.next()) taken.push(x);
        expect(taken).toEqual([...items].sort(byNumber));
        expect(ordered.rest()).toEqual([]);
      }),
      RUNS,
    );
  });

  it('leaves exactly the items it has not given, and never changes its input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 100 }), fc.nat(120), (items, k) => {
        const before = [...items];
        const ordered = ascending(items, byNumber);
        const taken: number[] = [];
        for (let i = 0; i < k; i++) {
          const x = ordered.next();
          if (x === undefined) break;
          taken.push(x);
        }
        const sorted = [...items].sort(byNumber);
        expect(taken).toEqual(sorted.slice(0, taken.length));
        expect([...ordered.rest()].sort(byNumber)).toEqual(sorted.slice(taken.length));
        expect(items).toEqual(before);
      }),
      RUNS,
    );
  });
});

describe('ticket ids in ascending order', () => {
  const digits = fc.stringMatching(/^[0-9]{1,25}$/);
  it('orders all-digit ids by their value, past the range of exact floats', () => {
    fc.assert(
      fc.property(digits, digits, (a, b) => {
        const value = Math.sign(Number(BigInt(a) - BigInt(b)));
        const expected = value !== 0 ? value : a === b ? 0 : a < b ? -1 : 1;
        expect(Math.sign(compareTicketIds(a, b))).toBe(expected);
      }),
      RUNS,
    );
  });

  it('puts "007" after "7" (same value, by code point) and "10" after "9"', () => {
    expect(compareTicketIds('9', '10')).toBeLessThan(0);
    expect(compareTicketIds('007', '7')).toBeLessThan(0);
    expect(compareTicketIds('12345678901234567890', '12345678901234567891')).toBeLessThan(0);
    expect(compareTicketIds('0', '00')).toBeLessThan(0);
    expect(compareTicketIds('99', 'a')).toBeLessThan(0);
  });
});
