/**
 * Generators (fast-check) of plans and activities in the spec's shapes, shared by the property
 * tests, and the checks every breakdown must pass.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  type Breakdown,
  type Plan,
  parseActivity,
  parsePlan,
  type TicketActivity,
} from '../../src/pricing/index.js';
import { minorUnits } from '../../src/pricing/money/currency.js';

export const RUNS = { numRuns: 200 };
export const NOV = Date.parse('2026-11-01T00:00:00Z');
export const ASOF = '2026-12-20T00:00:00Z';
export const TOOLS = ['crm', 'refund', 'lookup'] as const;
export const iso = (minutes: number) => new Date(NOV + minutes * 60_000).toISOString();

// ——— arbitraries ———

/** A price with up to 6 fractional digits, as the contract allows. */
export const price = fc
  .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 999_999 }))
  .map(([units, micros]) => `${units}.${String(micros).padStart(6, '0')}`);
export const currency = fc.constantFrom('USD', 'JPY', 'KWD', 'EUR');
export const minute = fc.integer({ min: 0, max: 28 * 24 * 60 }); // within November

export const usageEvent = (id: string) =>
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

export const lifecycleEvent = fc.oneof(
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

export const activity = (ticketId: string): fc.Arbitrary<TicketActivity> =>
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

export const period = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => activity(String(i + 1)))));

export const rules = fc.record(
  {
    confirmationWindowHours: fc.constantFrom(0, 1, 24, 72),
    minCsat: fc.constant('good' as const),
    revokeOnLateReopen: fc.boolean(),
  },
  { requiredKeys: [] },
);
export const burn = fc.integer({ min: 0, max: 5 });

export const body = fc.oneof(
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

export const flatPlan: fc.Arbitrary<Plan> = fc
  .tuple(currency, body, rules)
  .map(([cur, b, r]) => parsePlan({ id: 'p', name: 'P', version: 1, currency: cur, ...b, ...r }));

export const tieredPlan: fc.Arbitrary<Plan> = fc
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

export const anyPlan = fc.oneof(flatPlan, tieredPlan);

// ——— helpers ———

export const minor = (amount: string) => BigInt(amount.replace('.', ''));
export const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function reordered(a: TicketActivity, seed: number): TicketActivity {
  return { ...a, usage: shuffled(a.usage, seed), lifecycle: shuffled(a.lifecycle, seed + 1) };
}

export function checkAddsUp(b: Breakdown): void {
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
