/**
 * The credit pool drains through a period's burns in event order (spec section 4). Its edge
 * (`PoolEdge`) orders only the burns up to the pool's edge; it must give each ticket exactly what
 * draining every burn in sorted order gives, for any burns, pools and prorations, whether it
 * keeps every burn (an explanation, which traces each) or turns away those past the edge.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_DENOMINATOR } from '../../src/pricing/models/credits.js';
import {
  type Burn,
  compareBurns,
  type DrainTrace,
  PoolEdge,
} from '../../src/pricing/models/pool-edge.js';
import { type Ratio, ratio } from '../../src/pricing/money/ratio.js';
import { RUNS } from './arbitraries.js';

/**
 * One period's drain as the credits model runs it: each burn summed to its ticket and offered to
 * the pool's edge (unless tracing, only if the edge may reach it), then the edge drained; each
 * ticket's overage is all it burnt less its prepaid part.
 */
function drainPool(pool: Ratio, burns: readonly Burn[], trace: DrainTrace | null = null) {
  const edge = new PoolEdge(pool.num, pool.den, trace !== null);
  const spent = new Map<string, bigint>();
  for (const b of burns) {
    spent.set(b.ticketId, (spent.get(b.ticketId) ?? 0n) + b.units);
    if (edge.mayReach(b.at)) edge.offer(b);
  }
  const prepaid = edge.drain(trace);
  const unit = pool.den * CREDIT_DENOMINATOR;
  const use = new Map<string, { prepaid: Ratio; overage: Ratio }>();
  for (const [ticketId, units] of spent) {
    const inPool = prepaid.get(ticketId) ?? 0n;
    use.set(ticketId, {
      prepaid: ratio(inPool, unit),
      overage: ratio(units * pool.den - inPool, unit),
    });
  }
  return use;
}

/** The rule as the spec words it: every burn in order, split at the pool's edge. */
function drainAll(pool: { num: bigint; den: bigint }, burns: readonly Burn[]) {
  const use = new Map<string, { prepaid: bigint; overage: bigint }>();
  const traced: string[] = [];
  let left = pool.num;
  for (const b of [...burns].sort(compareBurns)) {
    const units = b.units * pool.den;
    // biome-ignore lint/complexity/useMathMinMax: Math.min does not take BigInts.
    const prepaid = units < left ? units : left;
    left -= prepaid;
    const u = use.get(b.ticketId) ?? { prepaid: 0n, overage: 0n };
    use.set(b.ticketId, { prepaid: u.prepaid + prepaid, overage: u.overage + units - prepaid });
    if (b.usage && prepaid > 0n) traced.push(`${b.ticketId} credits_prepaid ${b.id}`);
    if (b.usage && units > prepaid) traced.push(`${b.ticketId} credits_overage ${b.id}`);
  }
  return { use, traced: traced.sort() };
}

const burn: fc.Arbitrary<Burn> = fc
  .record({
    ticket: fc.integer({ min: 1, max: 6 }),
    event: fc.integer({ min: 0, max: 30 }),
    at: fc.integer({ min: 0, max: 20 }),
    units: fc.bigInt({ min: 1n, max: 50n }),
    resolution: fc.boolean(),
  })
  .map(({ ticket, event, at, units, resolution }) => ({
    ticketId: String(ticket),
    id: resolution ? `~resolution:${ticket}` : `${ticket}-e${event}`,
    at,
    units,
    usage: !resolution,
  }));

/** One burn per (ticket, id), as a period has. */
const burns = fc.uniqueArray(burn, {
  maxLength: 60,
  selector: (b) => `${b.ticketId} ${b.id}`,
});

describe('the credit pool drain', () => {
  it('gives every ticket what draining all burns in order gives, traced alike', () => {
    fc.assert(
      fc.property(
        burns,
        fc.bigInt({ min: 0n, max: 1500n }),
        fc.bigInt({ min: 1n, max: 7n }),
        (all, num, den) => {
          const pool = ratio(num, den);
          const traced: string[] = [];
          const drained = drainPool(pool, all, (t, code, id) => traced.push(`${t} ${code} ${id}`));
          const expected = drainAll(pool, all);
          expect(traced.sort()).toEqual(expected.traced);
          // Not tracing, the edge turns burns away: the same use for every ticket.
          expect(drainPool(pool, all)).toEqual(drained);
          expect(new Set(drained.keys())).toEqual(new Set(expected.use.keys()));
          const unit = den * 60_000_000_000n;
          for (const [ticketId, use] of expected.use) {
            const got = drained.get(ticketId)!;
            expect(got.prepaid).toEqual(ratio(use.prepaid, unit));
            expect(got.overage).toEqual(ratio(use.overage, unit));
          }
        },
      ),
      RUNS,
    );
  });
});
