/**
 * Invariants of the pricing core over generated plans and activities (fast-check): every
 * breakdown adds up, order and repetition change nothing, credits are conserved, and base-fee
 * shares sum to the fee.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parsePlan,
  pricePeriod,
  priceTicket,
  type TicketActivity,
} from '../../src/pricing/index.js';
import { minorUnits } from '../../src/pricing/money/currency.js';
import {
  ASOF,
  activity,
  anyPlan,
  body,
  checkAddsUp,
  currency,
  minor,
  period,
  RUNS,
  reordered,
  rules,
  shuffled,
  sum,
} from './arbitraries.js';

// ——— properties ———

describe('pricing invariants', () => {
  it('a total is the sum of its rounded lines, in the currency’s minor digits', () => {
    fc.assert(
      fc.property(anyPlan, period, (plan, tickets) => {
        for (const t of tickets) checkAddsUp(priceTicket(plan, t, { asOf: ASOF }));
        for (const b of pricePeriod(plan, tickets, { asOf: ASOF })) checkAddsUp(b);
      }),
      RUNS,
    );
  });

  it('the order of events and of tickets does not change any result', () => {
    fc.assert(
      fc.property(anyPlan, period, fc.integer(), (plan, tickets, seed) => {
        const before = pricePeriod(plan, tickets, { asOf: ASOF });
        const order = shuffled(
          tickets.map((_, i) => i),
          seed,
        );
        const after = pricePeriod(
          plan,
          order.map((i) => reordered(tickets[i]!, seed + i)),
          { asOf: ASOF },
        );
        order.forEach((from, to) => {
          expect(after[to]).toEqual(before[from]);
        });
      }),
      RUNS,
    );
  });

  it('pricing twice gives the same result, and leaves its input untouched', () => {
    fc.assert(
      fc.property(anyPlan, period, (plan, tickets) => {
        const copy = structuredClone(tickets);
        const once = pricePeriod(plan, tickets, { asOf: ASOF });
        expect(pricePeriod(plan, tickets, { asOf: ASOF })).toEqual(once);
        expect(tickets).toEqual(copy);
      }),
      RUNS,
    );
  });

  it('repeating events with the same id and body changes nothing', () => {
    fc.assert(
      fc.property(anyPlan, activity('1'), (plan, a) => {
        const doubled = { ...a, usage: [...a.usage, ...a.usage.map((u) => ({ ...u }))] };
        const b = priceTicket(plan, doubled, { asOf: ASOF });
        expect(b).toEqual(priceTicket(plan, a, { asOf: ASOF }));
        expect(b.conflicts).toEqual([]);
      }),
      RUNS,
    );
  });

  it('prepaid plus overage credits equal the credits consumed', () => {
    const creditsPlan = fc
      .tuple(
        currency,
        body.filter((b) => b.model === 'credits'),
        rules,
      )
      .map(([cur, b, r]) =>
        parsePlan({ id: 'c', name: 'C', version: 1, currency: cur, ...b, ...r }),
      );
    // Whole multiples of 60 ms keep every burn within the 6 decimals a quantity shows, so the
    // lines can be summed exactly.
    const wholeTenthsOfSeconds = (t: TicketActivity): TicketActivity => ({
      ...t,
      usage: t.usage.map((u) =>
        u.metric === 'processing_ms' ? { ...u, quantity: u.quantity - (u.quantity % 60) } : u,
      ),
    });
    fc.assert(
      fc.property(creditsPlan, period, (plan, generated) => {
        if (plan.model !== 'credits') throw new Error('expected a credits plan');
        const tickets = generated.map(wholeTenthsOfSeconds);
        const breakdowns = pricePeriod(plan, tickets, { asOf: ASOF });
        // Consumed, counted independently, in thousandths of a credit.
        const burnOf = (u: TicketActivity['usage'][number]): bigint => {
          if (u.metric === 'processing_ms') {
            return (BigInt(u.quantity) * BigInt(plan.burn.processing_minute ?? 0)) / 60n;
          }
          const perUnit =
            ('tool' in u ? plan.toolBurn?.[u.tool] : undefined) ?? plan.burn[u.metric];
          return BigInt(u.quantity) * BigInt(perUnit ?? 0) * 1000n;
        };
        let consumed = 0n;
        for (const [i, t] of tickets.entries()) {
          consumed += sum(t.usage.map(burnOf));
          if (breakdowns[i]!.outcome === 'ai_resolved') {
            consumed += BigInt(plan.burn.resolution ?? 0) * 1000n;
          }
        }
        const thousandths = (q: string) => {
          const [whole, fraction = ''] = q.split('.');
          expect(fraction.length).toBeLessThanOrEqual(3);
          return BigInt(whole!) * 1000n + BigInt(fraction.padEnd(3, '0'));
        };
        const lines = breakdowns.flatMap((b) => b.lines);
        const prepaid = sum(
          lines.filter((l) => l.code === 'credits_prepaid').map((l) => thousandths(l.quantity)),
        );
        const overage = sum(
          lines.filter((l) => l.code === 'credits_overage').map((l) => thousandths(l.quantity)),
        );
        expect(prepaid + overage).toBe(consumed);
        // Overage only once the month's pool is gone (the usage is all in November; a
        // resolution may confirm in December and draw on December's pool).
        if (overage > 0n)
          expect(prepaid).toBeGreaterThanOrEqual(BigInt(plan.prepaidCredits) * 1000n);
      }),
      RUNS,
    );
  });

  it('base-fee shares sum exactly to the fee in every month', () => {
    fc.assert(
      fc.property(
        currency,
        fc.integer({ min: 0, max: 1_000_000 }),
        period,
        (cur, feeMinor, tickets) => {
          const digits = minorUnits(cur);
          const whole = String(feeMinor).padStart(digits + 1, '0');
          const fee = digits === 0 ? whole : `${whole.slice(0, -digits)}.${whole.slice(-digits)}`;
          const plan = parsePlan({
            id: 'b',
            name: 'B',
            version: 1,
            currency: cur,
            model: 'base_plus_performance',
            baseFee: fee,
            perResolution: '1',
          });
          const shares = pricePeriod(plan, tickets, { asOf: ASOF }).flatMap((b) =>
            b.lines.filter((l) => l.code === 'base_fee_share').map((l) => minor(l.amount)),
          );
          const aiTickets = tickets.filter((t) => t.usage.length > 0).length;
          // Every generated event is in November: one period, one fee.
          expect(sum(shares)).toBe(aiTickets > 0 ? BigInt(feeMinor) : 0n);
          expect(shares).toHaveLength(aiTickets);
          // Equal shares, give or take the one minor unit of the remainder.
          const sorted = [...shares].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          const spread = sorted.length > 0 ? sorted.at(-1)! - sorted[0]! : 0n;
          expect(spread <= 1n).toBe(true);
        },
      ),
      RUNS,
    );
  });
});
