/**
 * Period pricing: one credit pool per month drained across the tenant's tickets in event
 * order, and base-fee shares that sum exactly to the fee.
 */
import { describe, expect, it } from 'vitest';
import { PricingInputError, pricePeriod, type TicketActivity } from '../../src/pricing/index.js';
import {
  amounts,
  conversation,
  creditsPlan,
  performancePlan,
  status,
  ticket,
  toolCall,
} from './build.js';

const usageAt = (id: string, iso: string, quantity = 1): TicketActivity['usage'][number] => ({
  id,
  at: iso,
  metric: 'conversation',
  quantity,
});

/** After every instant these tests use, so nothing is cut off by asOf. */
const LATER = { asOf: '2027-01-01T00:00:00Z' };

describe('the credit pool of a period', () => {
  // 10 prepaid credits at 0.01; overage 0.02; a tool call burns 2.
  const plan = creditsPlan();

  it('drains in event time across tickets, whatever the input order', () => {
    const late = ticket([toolCall('x', 'crm', 3, 10)], [], 'late'); // 6 credits at minute 10
    const early = ticket([toolCall('y', 'crm', 3, 5)], [], 'early'); // 6 credits at minute 5
    const [a, b] = pricePeriod(plan, [late, early]);
    expect(a?.ticketId).toBe('late'); // input order kept
    expect(amounts(b!)).toEqual({ credits_prepaid: '0.06' });
    expect(a!.lines.map((l) => [l.code, l.quantity])).toEqual([
      ['credits_prepaid', '4'],
      ['credits_overage', '2'],
    ]);
  });

  it('breaks ties at one instant by event id', () => {
    const one = ticket([toolCall('b-event', 'crm', 3, 0)], [], '1');
    const two = ticket([toolCall('a-event', 'crm', 3, 0)], [], '2');
    const [first, second] = pricePeriod(plan, [one, two]);
    expect(amounts(second!)).toEqual({ credits_prepaid: '0.06' }); // "a-event" drains first
    expect(amounts(first!)).toEqual({ credits_prepaid: '0.04', credits_overage: '0.04' });
  });

  it('gives each calendar month its own pool', () => {
    const nov = ticket([usageAt('n', '2026-11-30T23:00:00Z', 10)], [], 'nov');
    const dec = ticket([usageAt('d', '2026-12-01T00:00:00Z', 10)], [], 'dec');
    const [a, b] = pricePeriod(creditsPlan({ burn: { conversation: 1 } }), [nov, dec], LATER);
    expect(amounts(a!)).toEqual({ credits_prepaid: '0.10' });
    expect(amounts(b!)).toEqual({ credits_prepaid: '0.10' });
  });

  it('splits months in the tenant time zone when one is given', () => {
    // 23:30 UTC on 30 November is already 1 December in Berlin.
    const a = ticket([usageAt('a', '2026-11-30T23:30:00Z', 10)], [], 'a');
    const b = ticket([usageAt('b', '2026-12-01T10:00:00Z', 10)], [], 'b');
    const p = creditsPlan({ burn: { conversation: 1 } });
    const utc = pricePeriod(p, [a, b], LATER);
    expect(utc.map((x) => x.total)).toEqual(['0.10', '0.10']);
    const berlin = pricePeriod(p, [a, b], { ...LATER, timeZone: 'Europe/Berlin' });
    expect(berlin.map((x) => x.total)).toEqual(['0.10', '0.20']); // one pool: b overflows
  });

  it('burns a resolution at its confirmation instant, in that month’s pool', () => {
    // Solved on 30 November, confirmed 72 h later in December: the 5-credit burn drains
    // December's pool, where another ticket has already used 8 of the 10 credits.
    const solved = ticket(
      [usageAt('s', '2026-11-30T10:00:00Z', 1)],
      [{ at: '2026-11-30T10:05:00Z', type: 'status', status: 'solved' }],
      'solved',
    );
    const december = ticket([usageAt('d', '2026-12-01T00:00:00Z', 8)], [], 'dec');
    const p = creditsPlan({ burn: { conversation: 1, resolution: 5 } });
    const [s, d] = pricePeriod(p, [solved, december], { asOf: '2026-12-05T00:00:00Z' });
    expect(d!.total).toBe('0.08');
    expect(s!.lines.map((l) => [l.code, l.quantity])).toEqual([
      ['credits_prepaid', '3'], // 1 in November + 2 left in December
      ['credits_overage', '3'],
    ]);
  });

  it('prices a single ticket in a period like a ticket alone when the pool suffices', () => {
    const t = ticket([toolCall('t', 'crm', 2)], [status('open', 0)], '9');
    expect(pricePeriod(plan, [t])[0]!.total).toBe('0.04');
  });

  it('refuses a period that lists one ticket twice', () => {
    const t = ticket([conversation('c')], [], '5');
    expect(() => pricePeriod(plan, [t, t])).toThrow(PricingInputError);
    try {
      pricePeriod(plan, [t, t]);
    } catch (e) {
      expect((e as PricingInputError).issues[0]?.field).toBe('[1].ticketId');
    }
  });
});

describe('base-fee shares', () => {
  const shareOf = (b: { lines: readonly { code: string; amount: string }[] }) =>
    b.lines.find((l) => l.code === 'base_fee_share')?.amount;

  it('splits the fee equally, the remainder one minor unit each in ascending numeric id order', () => {
    const ids = ['10', '9', '2'];
    const tickets = ids.map((id) => ticket([conversation(`c${id}`)], [], id));
    const shares = pricePeriod(performancePlan({ baseFee: '10.00' }), tickets).map(shareOf);
    // 1000 minor units / 3 = 333 r 1: the extra cent goes to ticket 2 (numerically first).
    expect(shares).toEqual(['3.33', '3.33', '3.34']);
  });

  it('orders non-numeric ids as strings', () => {
    const tickets = ['b', 'a', 'c'].map((id) => ticket([conversation(`c${id}`)], [], id));
    const shares = pricePeriod(performancePlan({ baseFee: '0.05' }), tickets).map(shareOf);
    expect(shares).toEqual(['0.02', '0.02', '0.01']); // 5 / 3 = 1 r 2: a and b get one more
  });

  it('sums exactly to the fee in 0-, 2- and 3-digit currencies', () => {
    for (const [currency, fee, digits] of [
      ['JPY', '1000', 0],
      ['USD', '100.00', 2],
      ['KWD', '1.000', 3],
    ] as const) {
      const tickets = Array.from({ length: 7 }, (_, i) =>
        ticket([conversation(`c${i}`)], [], String(i + 1)),
      );
      const breakdowns = pricePeriod(performancePlan({ baseFee: fee }, currency), tickets);
      const minor = breakdowns.map((b) => BigInt(shareOf(b)!.replace('.', '')));
      expect(minor.reduce((a, b) => a + b, 0n)).toBe(BigInt(fee.replace('.', '')));
      expect(breakdowns.every((b) => (shareOf(b)!.split('.')[1]?.length ?? 0) === digits)).toBe(
        true,
      );
    }
  });

  it('gives no share to tickets without AI usage', () => {
    const tickets = [ticket([conversation('c')], [], '1'), ticket([], [status('open', 0)], '2')];
    const [a, b] = pricePeriod(performancePlan({ baseFee: '10.00' }), tickets);
    expect(shareOf(a!)).toBe('10.00');
    expect(shareOf(b!)).toBeUndefined();
  });

  it('shares each month’s fee among that month’s AI tickets, summing both for a ticket in two', () => {
    const both = ticket(
      [usageAt('n', '2026-11-20T10:00:00Z'), usageAt('d', '2026-12-02T10:00:00Z')],
      [],
      '1',
    );
    const novOnly = ticket([usageAt('x', '2026-11-21T10:00:00Z')], [], '2');
    const [a, b] = pricePeriod(performancePlan({ baseFee: '10.00' }), [both, novOnly], LATER);
    expect(shareOf(a!)).toBe('15.00'); // 5 of November + 10 of December
    expect(shareOf(b!)).toBe('5.00');
  });

  it('adds the share beside the performance lines', () => {
    const solved = ticket([conversation('c')], [status('solved', 5)], '1');
    const [b] = pricePeriod(performancePlan({ baseFee: '10.00' }), [solved], {
      asOf: '2026-11-30T00:00:00Z',
    });
    expect(amounts(b!)).toEqual({ resolution: '0.50', base_fee_share: '10.00' });
    expect(b!.total).toBe('10.50');
  });
});
