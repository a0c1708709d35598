/**
 * Invariants of the pricing core over generated plans and activities (fast-check): every
 * breakdown adds up, order and repetition change nothing, credits are conserved, and base-fee
 * shares sum to the fee.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Breakdown,
  type Plan,
  parseActivity,
  parsePlan,
  pricePeriod,
  priceTicket,
  type TicketActivity,
} from '../../src/pricing/index.js';
import { minorUnits } from '../../src/pricing/money/currency.js';

const RUNS = { numRuns: 200 };
const NOV = Date.parse('2026-11-01T00:00:00Z');
const ASOF = '2026-12-20T00:00:00Z';
const TOOLS = ['crm', 'refund', 'lookup'] as const;
const iso = (minutes: number) => new Date(NOV + minutes * 60_000).toISOString();

// ——— arbitraries ———

/** A price with up to 6 fractional digits, as the contract allows. */
const price = fc
  .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 999_999 }))
  .map(([units, micros]) => `${units}.${String(micros).padStart(6, '0')}`);
const currency = fc.constantFrom('USD', 'JPY', 'KWD', 'EUR');
const minute = fc.integer({ min: 0, max: 28 * 24 * 60 }); // within November

const usageEvent = (id: string) =>
  fc.oneof(
    fc.record({
      id: fc.constant(id),
      at: minute.map(iso),
      metric: fc.constantFrom('conversation' as const),
      quantity: fc.integer({ min: 0, max: 3 }),
    }),
    fc.record({
      id: fc.constant(id),
      at: minute.map(iso),
      metric: fc.constantFrom('tool_call' as const, 'api_call' as const),
      tool: fc.constantFrom(...TOOLS),
      quantity: fc.integer({ min: 0, max: 20 }),
    }),
    fc.record({
      id: fc.constant(id),
      at: minute.map(iso),
      metric: fc.constant('processing_ms' as const),
      quantity: fc.integer({ min: 0, max: 600_000 }),
    }),
  );

const lifecycleEvent = fc.oneof(
  fc.record({
    at: minute.map(iso),
    type: fc.constant('status' as const),
    status: fc.constantFrom('new', 'open', 'pending', 'hold', 'solved', 'closed'),
  }),
  fc.record({ at: minute.map(iso), type: fc.constantFrom('human_reply', 'handoff') }),
  fc.record({
    at: minute.map(iso),
    type: fc.constant('csat' as const),
    score: fc.constantFrom('good', 'bad'),
  }),
);

const activity = (ticketId: string): fc.Arbitrary<TicketActivity> =>
  fc
    .tuple(
      fc
        .integer({ min: 0, max: 12 })
        .chain((n) =>
          fc.tuple(...Array.from({ length: n }, (_, i) => usageEvent(`${ticketId}-e${i}`))),
        ),
      fc.array(lifecycleEvent, { maxLength: 8 }),
      fc.record(
        {
          priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
          channel: fc.constantFrom('web', 'email', 'chat'),
          tags: fc.subarray(['vip', 'billing', 'bug']),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([usage, lifecycle, attributes]) =>
      parseActivity({ ticketId, usage, lifecycle, attributes }),
    );

const period = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => activity(String(i + 1)))));

const rules = fc.record(
  {
    confirmationWindowHours: fc.constantFrom(0, 1, 24, 72),
    minCsat: fc.constant('good' as const),
    revokeOnLateReopen: fc.boolean(),
  },
  { requiredKeys: [] },
);
const burn = fc.integer({ min: 0, max: 5 });

const body = fc.oneof(
  fc.record({
    model: fc.constant('usage'),
    rates: fc.record(
      { conversation: price, processing_minute: price, tool_call: price, api_call: price },
      { requiredKeys: [] },
    ),
    toolRates: fc.dictionary(fc.constantFrom(...TOOLS), price),
    processingRounding: fc.constantFrom('exact', 'ceil_minute'),
  }),
  fc.record({ model: fc.constant('outcome'), pricePerResolution: price, assistedPrice: price }),
  fc.record({
    model: fc.constant('credits'),
    creditPrice: price,
    prepaidCredits: fc.integer({ min: 0, max: 100 }),
    overagePrice: price,
    burn: fc.record({
      conversation: burn,
      tool_call: burn,
      api_call: burn,
      processing_minute: burn,
      resolution: burn,
    }),
    toolBurn: fc.dictionary(fc.constantFrom(...TOOLS), burn),
  }),
  fc.record({
    model: fc.constant('base_plus_performance'),
    baseFee: fc.integer({ min: 0, max: 100_000 }).map(String),
    perResolution: price,
    perAssisted: price,
    csatBonus: fc.record({ amount: price }),
  }),
);

const flatPlan: fc.Arbitrary<Plan> = fc
  .tuple(currency, body, rules)
  .map(([cur, b, r]) => parsePlan({ id: 'p', name: 'P', version: 1, currency: cur, ...b, ...r }));

const tieredPlan: fc.Arbitrary<Plan> = fc
  .tuple(currency, body, body, fc.integer({ min: 0, max: 10 }), rules)
  .map(([cur, first, rest, maxToolCalls, r]) =>
    parsePlan({
      id: 't',
      name: 'T',
      version: 1,
      currency: cur,
      model: 'tiered',
      tiers: [
        { name: 'small', when: { maxToolCalls }, plan: first },
        { name: 'rest', when: {}, plan: rest },
      ],
      ...r,
    }),
  );

const anyPlan = fc.oneof(flatPlan, tieredPlan);

// ——— helpers ———

const minor = (amount: string) => BigInt(amount.replace('.', ''));
const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function reordered(a: TicketActivity, seed: number): TicketActivity {
  return { ...a, usage: shuffled(a.usage, seed), lifecycle: shuffled(a.lifecycle, seed + 1) };
}

function checkAddsUp(b: Breakdown): void {
  const digits = minorUnits(b.currency);
  const fraction = (s: string) => s.split('.')[1]?.length ?? 0;
  expect(minor(b.total)).toBe(sum(b.lines.map((l) => minor(l.amount))));
  expect(minor(b.confirmedTotal)).toBe(
    sum(b.lines.filter((l) => !l.provisional).map((l) => minor(l.amount))),
  );
  expect(b.provisional).toBe(b.lines.some((l) => l.provisional));
  for (const amount of [b.total, b.confirmedTotal, ...b.lines.map((l) => l.amount)]) {
    expect(fraction(amount)).toBe(digits);
  }
  expect(b.lines.every((l) => l.quantity !== '0')).toBe(true);
}

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
