/**
 * A credits plan sums what a ticket burns in plain numbers while every burn and the sum are safe
 * integers of credit units (a credit is 6 × 10^10 of them), and in BigInt past that. Both paths
 * must burn exactly what the spec's arithmetic says: quantity × burn rate, processing per minute
 * of milliseconds, near and far past Number.MAX_SAFE_INTEGER.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Plan, parseActivity, parsePlan, priceTicket } from '../../src/pricing/index.js';
import { CREDIT_DENOMINATOR, creditUnits } from '../../src/pricing/models/credits.js';
import { formatQuantity } from '../../src/pricing/models/line.js';
import { ratio } from '../../src/pricing/money/ratio.js';
import { ASOF, iso, RUNS } from './arbitraries.js';

const METRICS = ['conversation', 'tool_call', 'api_call', 'processing_ms'] as const;
type Metric = (typeof METRICS)[number];

/** Quantities and burn rates from small to the largest the contract admits. */
const quantity = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.integer({ min: 0, max: 200_000 }),
  fc.integer({ min: Number.MAX_SAFE_INTEGER - 1000, max: Number.MAX_SAFE_INTEGER }),
);
const burn = fc.oneof(
  fc.integer({ min: 0, max: 50 }),
  fc.integer({ min: 100_000, max: 10_000_000 }),
  fc
    .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 999_999 }))
    .map(([whole, micros]) => `${whole}.${String(micros).padStart(6, '0')}`),
);

const event = fc.record({ metric: fc.constantFrom(...METRICS), quantity });

/** What the events burn by the spec's arithmetic, in credit units, all in BigInt. */
function expectedUnits(
  events: readonly { metric: Metric; quantity: number }[],
  rates: Record<'conversation' | 'tool_call' | 'api_call' | 'processing_minute', string | number>,
): bigint {
  let units = 0n;
  for (const e of events) {
    const q = BigInt(e.quantity);
    units +=
      e.metric === 'processing_ms'
        ? (q * creditUnits(rates.processing_minute)) / 60_000n
        : q * creditUnits(rates[e.metric]);
  }
  return units;
}

/** A credits plan at these burn rates with this pool (credits 0.01 each, overage 0.02). */
function creditsPlan(burn: Record<string, string | number>, prepaidCredits: number) {
  return parsePlan({
    id: 'burns',
    name: 'Burns',
    version: 1,
    currency: 'USD',
    model: 'credits',
    creditPrice: '0.01',
    prepaidCredits,
    overagePrice: '0.02',
    burn,
  });
}

/** The credit lines of a ticket of `count` events of `quantity` conversations each. */
function conversationLines(plan: Plan, count: number, quantity: number): string[][] {
  const activity = parseActivity({
    ticketId: '1',
    usage: Array.from({ length: count }, (_, i) => ({
      id: `e${i}`,
      at: iso(i % 1000),
      metric: 'conversation',
      quantity,
    })),
    lifecycle: [],
  });
  return priceTicket(plan, activity, { asOf: ASOF }).lines.map((l) => [l.code, l.quantity]);
}

describe('the credits a ticket burns', () => {
  it('are exact whether summed in plain numbers or past the safe integers in BigInt', () => {
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 12 }),
        fc.record({ conversation: burn, tool_call: burn, api_call: burn, processing_minute: burn }),
        (events, rates) => {
          const plan = creditsPlan(rates, 0);
          const activity = parseActivity({
            ticketId: '1',
            usage: events.map((e, i) => ({
              id: `e${i}`,
              at: iso(i),
              ...e,
              ...(e.metric === 'tool_call' || e.metric === 'api_call' ? { tool: 'crm' } : {}),
            })),
            lifecycle: [],
          });
          const units = expectedUnits(events, rates);
          const overage = priceTicket(plan, activity, { asOf: ASOF }).lines.find(
            (l) => l.code === 'credits_overage',
          );
          if (units === 0n) expect(overage).toBeUndefined();
          else expect(overage?.quantity).toBe(formatQuantity(ratio(units, CREDIT_DENOMINATOR)));
        },
      ),
      { numRuns: RUNS.numRuns * 5 },
    );
  });

  it('split a pool exactly when the burns add up past the safe integers', () => {
    // Each burn is 139,999 × 1.000001 credits, a safe number of units; fifty of them pass 2^58.
    const plan = creditsPlan({ conversation: '1.000001' }, 1_000_000);
    expect(conversationLines(plan, 50, 139_999)).toEqual([
      ['credits_prepaid', '1000000'],
      ['credits_overage', '5999956.99995'],
    ]);
  });

  it('sum a hundred thousand safe burns exactly, far past where plain numbers round', () => {
    // Each burn is just under 2^53 units; their sum passes 2^69, where plain numbers step by
    // 2^17 units and a float sum would be off by more than the millionth of a credit shown.
    const plan = creditsPlan({ conversation: '1.000001' }, 0);
    expect(conversationLines(plan, 100_000, 150_001)).toEqual([
      ['credits_overage', '15000115000.1'],
    ]);
  });
});
