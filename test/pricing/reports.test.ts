/**
 * Section 6 of the contract (summaries) and the plan comparison with its break-even point.
 */
import { describe, expect, it } from 'vitest';
import {
  breakEven,
  comparePlans,
  PricingInputError,
  pricePeriod,
  summarize,
} from '../../src/pricing/index.js';
import {
  at,
  conversation,
  humanReply,
  outcomePlan,
  status,
  ticket,
  toolCall,
  usagePlan,
} from './build.js';

const DAY = 24 * 60;
const asOf = at(10 * DAY);
const resolved = (id: string) =>
  ticket([conversation(`c${id}`)], [status('open', 0), status('solved', 10)], id);
const assisted = (id: string) =>
  ticket([conversation(`c${id}`)], [status('open', 0), humanReply(5), status('solved', 10)], id);
const escalated = (id: string) =>
  ticket([conversation(`c${id}`)], [status('open', 0), humanReply(5)], id);
const pendingTicket = (id: string) =>
  ticket([conversation(`c${id}`)], [status('open', 0), status('solved', 10 * DAY - 1)], id);
const noAi = (id: string) => ticket([], [status('open', 0)], id);

describe('summaries', () => {
  const plan = outcomePlan({ pricePerResolution: '1.00', assistedPrice: '0.50' });

  it('keeps provisional cost apart and counts every outcome', () => {
    const breakdowns = pricePeriod(
      plan,
      [resolved('1'), resolved('2'), assisted('3'), escalated('4'), pendingTicket('5'), noAi('6')],
      { asOf },
    );
    const s = summarize(breakdowns, 'USD', 2);
    expect(s).toMatchObject({
      tickets: 6,
      aiTickets: 5,
      totalCost: '2.50',
      provisionalCost: '1.00',
      aiResolutions: 2,
      assisted: 1,
      costPerResolution: '1.25',
      costPerResolvedTicket: '0.83', // 2.50 / 3 = 0.8333…
    });
    expect(s.outcomes).toMatchObject({
      ai_resolved: 2,
      assisted: 1,
      escalated: 1,
      pending_confirmation: 1,
      no_ai: 1,
      in_progress: 0,
      unsuccessful: 0,
    });
  });

  it('rounds the per-resolution figures half to even', () => {
    // 0.05 over two resolutions is 0.025: half to even gives 0.02, not 0.03.
    const p = usagePlan({ rates: { tool_call: '0.01' } });
    const tickets = [
      ticket([toolCall('a', 'x', 2)], [status('solved', 10)], '1'),
      ticket([toolCall('b', 'x', 3)], [status('solved', 10)], '2'),
    ];
    const s = summarize(pricePeriod(p, tickets, { asOf }), 'USD', 2);
    expect(s.totalCost).toBe('0.05');
    expect(s.costPerResolution).toBe('0.02');
    const odd = summarize(
      pricePeriod(p, [ticket([toolCall('c', 'x', 7)], [status('solved', 10)], '3'), ...tickets], {
        asOf,
      }),
      'USD',
      2,
    );
    expect(odd.costPerResolution).toBe('0.04'); // 0.12 / 3
  });

  it('answers null per resolution when there is none, in any currency', () => {
    const yen = outcomePlan({ pricePerResolution: '100' }, 'JPY');
    const s = summarize(pricePeriod(yen, [escalated('1')], { asOf }), 'JPY', 0);
    expect(s.totalCost).toBe('0');
    expect(s).toMatchObject({ costPerResolution: null, costPerResolvedTicket: null });
    expect(summarize([], 'KWD', 3)).toMatchObject({ totalCost: '0.000', tickets: 0 });
  });
});

describe('comparison', () => {
  const perUse = usagePlan({ rates: { conversation: '0.40' } });
  const perResolution = { ...outcomePlan({ pricePerResolution: '1.00' }), id: 'fin' };
  const traffic = [resolved('1'), escalated('2'), escalated('3'), noAi('4')];

  it('prices the same tickets under each plan with a summary each', () => {
    const c = comparePlans([perUse, perResolution], traffic, { asOf });
    expect(c).toMatchObject({
      tickets: 4,
      aiTickets: 3,
      resolutionRate: '0.3333',
      currency: 'USD',
    });
    expect(
      c.plans.map((p) => [p.planId, p.totalCost, p.aiResolutions, p.costPerResolution]),
    ).toEqual([
      ['p', '1.20', 1, '1.20'],
      ['fin', '1.00', 1, '1.00'],
    ]);
    expect(c.plans[0]?.breakdowns).toHaveLength(4);
  });

  it('finds the resolution rate where per-resolution costs what per-use costs', () => {
    // Per use: 3 AI tickets × 0.40 = 1.20 at any rate. Per resolution: 3 × r × 1.00.
    // 3r = 1.2 → r = 0.4; above it per-use is cheaper.
    const [be] = comparePlans([perUse, perResolution], traffic, { asOf }).breakEven;
    expect(comparePlans([perUse, perResolution], traffic, { asOf }).costLines).toEqual([
      { planId: 'p@1', noneResolved: '1.20', allResolved: '1.20' },
      { planId: 'fin@1', noneResolved: '0.00', allResolved: '3.00' },
    ]);
    expect(be).toEqual({
      planA: 'p@1',
      planB: 'fin@1',
      resolutionRate: '0.4000',
      cheaperBelow: 'fin@1',
      cheaperAbove: 'p@1',
    });
  });

  it('refuses plans in different currencies, and no plans at all', () => {
    const eur = usagePlan({ rates: { conversation: '0.40' } }, 'EUR');
    expect(() => comparePlans([perUse, eur], traffic)).toThrow(PricingInputError);
    expect(() => comparePlans([], traffic)).toThrow(PricingInputError);
  });
});

describe('break-even between two cost lines', () => {
  const line = (planId: string, noneResolved: bigint, allResolved: bigint) => ({
    planId,
    noneResolved,
    allResolved,
  });

  it('reports no crossing for parallel lines, naming the cheaper plan everywhere', () => {
    expect(breakEven(line('a', 100n, 200n), line('b', 150n, 250n))).toEqual({
      planA: 'a',
      planB: 'b',
      resolutionRate: null,
      cheaperAbove: 'a',
      cheaperBelow: 'a',
    });
  });

  it('reports no crossing when one plan is cheaper at both ends', () => {
    expect(breakEven(line('a', 100n, 120n), line('b', 200n, 900n)).resolutionRate).toBeNull();
  });

  it('reports a crossing exactly at an end', () => {
    expect(breakEven(line('a', 100n, 100n), line('b', 100n, 300n))).toMatchObject({
      resolutionRate: '0.0000',
      cheaperAbove: 'a',
    });
    expect(breakEven(line('a', 0n, 300n), line('b', 100n, 300n))).toMatchObject({
      resolutionRate: '1.0000',
      cheaperBelow: 'a',
    });
  });

  it('rounds the crossing to four decimals, half to even', () => {
    // a: 0 → 3, b: 1 → 1: cross at 1/3.
    expect(breakEven(line('a', 0n, 3n), line('b', 1n, 1n)).resolutionRate).toBe('0.3333');
    // a: 0 → 2·10^4, b: 1 → 1: cross at 1/20000 = 0.00005 → 0.0000 (even), not 0.0001.
    expect(breakEven(line('a', 0n, 20_000n), line('b', 1n, 1n)).resolutionRate).toBe('0.0000');
    // 3/20000 = 0.00015 → 0.0002 (even).
    expect(breakEven(line('a', 0n, 20_000n), line('b', 3n, 3n)).resolutionRate).toBe('0.0002');
  });
});
