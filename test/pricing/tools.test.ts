/**
 * A breakdown lists the distinct AI tools its ticket used, sorted in code-unit order: the tools
 * of its tool calls and its API calls together. The lists are shared between tickets that used
 * the same tools, so they must be frozen, and equal to the plain count whatever the order, the
 * repeats and the mix of the two metrics.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UsageFact } from '../../src/pricing/activity/facts.js';
import { toolsUsed, usageTotals } from '../../src/pricing/index.js';
import { RUNS } from './arbitraries.js';

const TOOLS = ['crm', 'refund', 'lookup', 'Zeta', 'émoji', 'a-b', 'a'];

const usage = fc.array(
  fc.record({
    metric: fc.constantFrom('tool_call' as const, 'api_call' as const, 'conversation' as const),
    tool: fc.constantFrom(...TOOLS),
    quantity: fc.integer({ min: 0, max: 3 }),
  }),
  { maxLength: 12 },
);

const facts = (list: { metric: UsageFact['metric']; tool: string; quantity: number }[]) =>
  list.map(
    (u, i): UsageFact => ({
      id: `e${i}`,
      at: i,
      metric: u.metric,
      tool: u.metric === 'conversation' ? null : u.tool,
      quantity: u.quantity,
    }),
  );

describe('the tools a ticket used', () => {
  it('are the distinct tools of its tool and API calls, sorted, in one frozen list per set', () => {
    fc.assert(
      fc.property(usage, usage, (a, b) => {
        const listA = toolsUsed(usageTotals(facts(a)));
        const expected = [
          ...new Set(a.filter((u) => u.metric !== 'conversation').map((u) => u.tool)),
        ].sort();
        expect(listA).toEqual(expected);
        expect(Object.isFrozen(listA)).toBe(true);
        // Another ticket with the same tools, in another order, shares the list.
        const listB = toolsUsed(usageTotals(facts([...a].reverse().concat(b))));
        const sameSet =
          new Set(b.filter((u) => u.metric !== 'conversation').map((u) => u.tool)).size === 0 ||
          b.every((u) => u.metric === 'conversation' || expected.includes(u.tool));
        if (sameSet) expect(listB).toBe(listA);
        else expect(listB).not.toEqual(listA);
      }),
      { numRuns: RUNS.numRuns * 5 },
    );
  });
});
