/**
 * Usage deduplication by event id (spec section 2): the first body seen is kept, a repeat with
 * the same body is dropped, a repeat with another body is a conflict, reported in input order
 * and never summed. Short tickets are checked by a scan, long ones in a Set that turns into a Map
 * at the first repeat: every length and every place of the first repeat must give what the rule
 * says, here counted the plain way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedupeUsage } from '../../src/pricing/activity/facts.js';
import { parseInstant, type UsageEvent } from '../../src/pricing/index.js';
import { iso, RUNS } from './arbitraries.js';

/** Events whose ids come from a small pool, so that repeats (same body or not) are common. */
const events = (ids: number) =>
  fc.array(
    fc.record({
      id: fc.integer({ min: 0, max: ids }).map((n) => `e${n}`),
      at: fc.integer({ min: 0, max: 3 }).map(iso),
      metric: fc.constantFrom('conversation' as const),
      quantity: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 80 },
  );

/** The rule, counted the plain way: a Map of the first body of each id. */
function reference(list: readonly UsageEvent[]) {
  const first = new Map<string, UsageEvent>();
  const conflicts: string[] = [];
  for (const e of list) {
    const kept = first.get(e.id);
    if (!kept) first.set(e.id, e);
    else if (kept.at !== e.at || kept.quantity !== e.quantity) conflicts.push(e.id);
  }
  return { kept: [...first.values()], conflicts };
}

describe('usage deduplication', () => {
  it('keeps each id’s first body and reports every other body, at any length', () => {
    fc.assert(
      fc.property(fc.oneof(events(4), events(40), events(200)), (list) => {
        const { usage, conflicts } = dedupeUsage(list);
        const expected = reference(list);
        expect(usage.map((u) => [u.id, u.at, u.quantity])).toEqual(
          expected.kept.map((e) => [e.id, parseInstant(e.at), e.quantity]),
        );
        expect(conflicts.map((c) => c.id)).toEqual(expected.conflicts);
      }),
      { numRuns: RUNS.numRuns * 5 },
    );
  });

  it('finds a repeat after the first one in a long ticket, and a conflict with the kept body', () => {
    const distinct = Array.from({ length: 30 }, (_, i) => ({
      id: `e${i}`,
      at: iso(i),
      metric: 'conversation' as const,
      quantity: 1,
    }));
    const list = [
      ...distinct,
      { ...distinct[3]! },
      { ...distinct[7]!, quantity: 2 },
      { ...distinct[29]!, at: iso(99) },
      { id: 'late', at: iso(5), metric: 'conversation' as const, quantity: 1 },
      { id: 'late', at: iso(5), metric: 'conversation' as const, quantity: 3 },
    ];
    const { usage, conflicts } = dedupeUsage(list);
    expect(usage.map((u) => u.id)).toEqual([...distinct.map((e) => e.id), 'late']);
    expect(conflicts).toEqual([
      { id: 'e7', reason: 'same id with another quantity; the first one seen is kept' },
      { id: 'e29', reason: 'same id with another at; the first one seen is kept' },
      { id: 'late', reason: 'same id with another quantity; the first one seen is kept' },
    ]);
  });
});
