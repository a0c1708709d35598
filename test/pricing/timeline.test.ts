/**
 * Plans in force over time (spec section 8), rule by rule, and its invariants: a timeline of one
 * activation is single-plan pricing; splitting a timeline with the same version on both sides
 * changes nothing; totals are sums of lines; input order changes nothing; prorated pools and fees
 * add up to the whole over a whole period.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Breakdown,
  type Plan,
  type PricingInputError,
  parsePlan,
  parseTimeline,
  planAt,
  pricePeriod,
  pricePeriodOver,
  priceTicket,
  priceTicketOver,
  singlePlanTimeline,
  type Timeline,
} from '../../src/pricing/index.js';
import {
  ASOF,
  activity,
  anyPlan,
  checkAddsUp,
  minor,
  NOV,
  period,
  RUNS,
  reordered,
  sum,
} from './arbitraries.js';
import {
  at,
  conversation,
  creditsPlan,
  handoff,
  outcomePlan,
  performancePlan,
  processing,
  status,
  ticket,
  toolCall,
  usagePlan,
} from './build.js';

const timeline = (...steps: [string, Plan][]): Timeline =>
  parseTimeline(steps.map(([effectiveAt, plan]) => ({ effectiveAt, plan })));
const named = (plan: Plan, id: string, version = 1): Plan => parsePlan({ ...plan, id, version });
const lineOf = (b: Breakdown, plan: string, code: string) =>
  b.lines.find((l) => l.plan === plan && l.code === code);
/** A breakdown with the fields only a timeline adds taken away. */
const unnamed = (b: Breakdown): Breakdown => {
  const { plans: _plans, ...rest } = b;
  return { ...rest, lines: b.lines.map(({ plan: _plan, ...l }) => l) };
};

const perUse = named(usagePlan({ rates: { conversation: '0.50', tool_call: '0.10' } }), 'use');
const perResolution = named(outcomePlan({ pricePerResolution: '0.99' }), 'res');

describe('the plan in force at an instant', () => {
  it('rates each usage event under the plan in force at it, and the resolution under the plan at its solve', () => {
    const t = timeline([at(-60), perUse], [at(10), perResolution]);
    const b = priceTicketOver(
      t,
      ticket(
        [conversation('a', 0), conversation('b', 20)],
        [status('open', 0), status('solved', 30)],
      ),
      { asOf: at(5000) },
    );
    expect(b.outcome).toBe('ai_resolved');
    expect(b.plans).toEqual(['use@1', 'res@1']);
    expect(lineOf(b, 'use@1', 'conversation')?.quantity).toBe('1');
    expect(lineOf(b, 'res@1', 'resolution')?.amount).toBe('0.99');
    expect(b.total).toBe('1.49');
    // The latest charge is the resolution (its solve at minute 30), so it names the plan.
    expect([b.planId, b.planVersion]).toEqual(['res', 1]);
  });

  it('prices usage recorded before the first activation under the first plan', () => {
    const t = timeline([at(100), perUse], [at(200), perResolution]);
    const b = priceTicketOver(t, ticket([conversation('a', 0)], [status('open', 0)]), {
      asOf: at(300),
    });
    expect(b.lines).toEqual([
      {
        plan: 'use@1',
        code: 'conversation',
        quantity: '1',
        unitPrice: '0.5',
        amount: '0.50',
        provisional: false,
      },
    ]);
  });

  it('at equal instants the activation listed later wins, and the other is never in force', () => {
    const t = timeline([at(0), perUse], [at(0), perResolution]);
    const b = priceTicketOver(t, ticket([conversation('a', 5)], [status('open', 0)]), {
      asOf: at(10),
    });
    expect(b.lines).toEqual([]);
    expect(b.plans).toEqual([]);
    // With no charge, the plan in force at asOf is named.
    expect(b.planId).toBe('res');
  });

  it('treats a version activated again as one plan: one set of usage, one line per code', () => {
    const t = timeline([at(0), perUse], [at(10), perResolution], [at(20), perUse]);
    const b = priceTicketOver(
      t,
      ticket(
        [conversation('a', 5), conversation('b', 15), conversation('c', 25)],
        [status('open', 0)],
      ),
      { asOf: at(30) },
    );
    expect(b.lines.map((l) => [l.plan, l.code, l.quantity])).toEqual([
      ['use@1', 'conversation', '2'],
    ]);
  });

  it('prices each side of a change as its own set: ceil_minute rounds each set', () => {
    const ceil = named(
      usagePlan({ rates: { processing_minute: '1.00' }, processingRounding: 'ceil_minute' }),
      'ceil',
    );
    const ceil2 = named(ceil, 'ceil', 2);
    const t = timeline([at(0), ceil], [at(10), ceil2]);
    const b = priceTicketOver(
      t,
      ticket([processing('a', 30_000, 5), processing('b', 30_000, 15)], []),
      {
        asOf: at(20),
      },
    );
    // One minute alone would round to 1; each half-minute set rounds up to 1 on its own.
    expect(b.lines.map((l) => [l.plan, l.quantity])).toEqual([
      ['ceil@1', '1'],
      ['ceil@2', '1'],
    ]);
    expect(b.total).toBe('2.00');
  });

  it('judges each solve under its own plan: the window of the plan in force at the solve', () => {
    const short = named(outcomePlan({ confirmationWindowHours: 1 }), 'short');
    const long = named(outcomePlan({ confirmationWindowHours: 72 }), 'long');
    const activity = ticket([conversation('a', 0)], [status('open', 0), status('solved', 30)]);
    const asOf = { asOf: at(30 + 90) }; // 1.5 h after the solve
    expect(priceTicketOver(timeline([at(0), short]), activity, asOf).outcome).toBe('ai_resolved');
    // The short window came into force only after the solve: the long one judges it.
    expect(priceTicketOver(timeline([at(0), long], [at(40), short]), activity, asOf).outcome).toBe(
      'pending_confirmation',
    );
  });

  it('takes minCsat from the plan that judged the solve the outcome rests on', () => {
    const strict = named(outcomePlan({ minCsat: 'good' }), 'strict');
    const lenient = named(outcomePlan({}), 'lenient');
    const a = ticket(
      [conversation('a', 0)],
      [status('open', 0), status('solved', 30), { at: at(60), type: 'csat', score: 'bad' }],
    );
    const late = { asOf: at(30 + 80 * 60) };
    expect(priceTicketOver(timeline([at(0), strict]), a, late).outcome).toBe('unsuccessful');
    expect(priceTicketOver(timeline([at(0), lenient], [at(45), strict]), a, late).outcome).toBe(
      'ai_resolved',
    );
  });

  it('charges nothing for rules 1 and 3, whatever the plans', () => {
    const t = timeline([at(0), perResolution], [at(10), perUse]);
    const open = priceTicketOver(t, ticket([], [status('open', 0), handoff(5)]), { asOf: at(20) });
    expect([open.outcome, open.lines]).toEqual(['no_ai', []]);
  });

  it('chooses the tier once from the whole activity, and prices with it where the tiered plan is in force', () => {
    const tiered = parsePlan({
      id: 'tiers',
      name: 'Tiers',
      version: 1,
      currency: 'USD',
      model: 'tiered',
      tiers: [
        {
          name: 'small',
          when: { maxToolCalls: 1 },
          plan: { model: 'usage', rates: { tool_call: '1.00' } },
        },
        { name: 'big', when: {}, plan: { model: 'usage', rates: { tool_call: '5.00' } } },
      ],
    });
    // Two tool calls in all, so "big", though only one falls under the tiered plan.
    const t = timeline([at(0), perUse], [at(10), tiered]);
    const b = priceTicketOver(
      t,
      ticket([toolCall('a', 'crm', 1, 5), toolCall('b', 'crm', 1, 15)], []),
      {
        asOf: at(20),
      },
    );
    expect(b.tier).toBe('big');
    expect(lineOf(b, 'tiers@1', 'tool_call:crm')?.amount).toBe('5.00');
    expect(lineOf(b, 'use@1', 'tool_call:crm')?.amount).toBe('0.10');
  });

  it('refuses a timeline that mixes currencies or gives one version two bodies, naming the index', () => {
    const eur = named(usagePlan({}, 'EUR'), 'eur');
    const bad = (steps: unknown) => {
      try {
        parseTimeline(steps);
      } catch (error) {
        return (error as PricingInputError).issues.map((i) => i.field);
      }
      return [];
    };
    expect(
      bad([
        { effectiveAt: at(0), plan: perUse },
        { effectiveAt: at(1), plan: eur },
      ]),
    ).toEqual(['[1].plan.currency']);
    const changed = parsePlan({ ...perUse, rates: { conversation: '9.00' } });
    expect(
      bad([
        { effectiveAt: at(0), plan: perUse },
        { effectiveAt: at(1), plan: changed },
      ]),
    ).toEqual(['[1].plan']);
    expect(bad([])).toEqual(['']);
    expect(bad([{ effectiveAt: 'yesterday', plan: perUse }])).toEqual(['[0].effectiveAt']);
  });
});

describe('period components over a timeline', () => {
  const nov = (day: number, hour = 0) =>
    new Date(Date.UTC(2026, 10, day, hour)).toISOString().replace('.000Z', 'Z');
  const use = (id: string, when: string) => ({
    id,
    at: when,
    metric: 'conversation' as const,
    quantity: 1,
  });

  it('prorates the pool by the time each credits version is in force, and drains it with the burns rated under it', () => {
    const credits = named(creditsPlan({ prepaidCredits: 30, burn: { conversation: 10 } }), 'cr');
    const other = named(usagePlan({}), 'free');
    // In force for 10 of November's 30 days: a pool of 10 credits.
    const t = timeline([nov(1), credits], [nov(11), other]);
    const [b] = pricePeriodOver(t, [ticket([use('a', nov(2)), use('b', nov(3))] as never, [])], {
      asOf: nov(29),
    });
    expect(b!.lines.map((l) => [l.code, l.quantity])).toEqual([
      ['credits_prepaid', '10'],
      ['credits_overage', '10'],
    ]);
  });

  it('prorates the base fee, rounded half to even, and shares it among the tickets with usage under it', () => {
    const base = named(performancePlan({ baseFee: '100.00' }), 'base');
    const t = timeline([nov(1), named(usagePlan({}), 'free')], [nov(21), base]);
    const [one, two, three] = pricePeriodOver(
      t,
      [
        ticket([use('a', nov(2))] as never, [], '1'),
        ticket([use('b', nov(22))] as never, [], '2'),
        ticket([use('c', nov(23))] as never, [], '3'),
      ],
      { asOf: nov(29) },
    );
    // 100.00 × 10/30 = 33.333… → 33.33, shared by tickets 2 and 3 (16.67 to the lower id).
    expect(one!.lines.map((l) => l.code)).toEqual(['conversation']);
    expect(lineOf(two!, 'base@1', 'base_fee_share')?.amount).toBe('16.67');
    expect(lineOf(three!, 'base@1', 'base_fee_share')?.amount).toBe('16.66');
  });

  it('gives a version in force over the whole period, in several stretches, exactly its full pool and fee', () => {
    const base = named(performancePlan({ baseFee: '90.00' }), 'base');
    const free = named(usagePlan({}), 'free');
    // base, then free only from November 30 on, and base again from December: 29 of 30 days.
    const t = timeline(
      [nov(1), base],
      [nov(30), free],
      [new Date(Date.UTC(2026, 11, 1)).toISOString(), base],
    );
    const [b] = pricePeriodOver(t, [ticket([use('a', nov(2))] as never, [])], {
      asOf: nov(30, 12),
    });
    expect(lineOf(b!, 'base@1', 'base_fee_share')?.amount).toBe('87.00');
    const whole = timeline([nov(1), base], [new Date(Date.UTC(2026, 11, 1)).toISOString(), free]);
    const [w] = pricePeriodOver(whole, [ticket([use('a', nov(2))] as never, [])], {
      asOf: nov(30, 12),
    });
    expect(lineOf(w!, 'base@1', 'base_fee_share')?.amount).toBe('90.00');
  });

  it('counts activations after asOf toward the fraction: a scheduled change is known', () => {
    const base = named(performancePlan({ baseFee: '30.00' }), 'base');
    const t = timeline([nov(1), base], [nov(16), named(usagePlan({}), 'free')]);
    const [b] = pricePeriodOver(t, [ticket([use('a', nov(2))] as never, [])], { asOf: nov(3) });
    expect(lineOf(b!, 'base@1', 'base_fee_share')?.amount).toBe('15.00');
  });

  it('a ticket priced alone has a full, unprorated pool per credits version and no base share', () => {
    const credits = named(creditsPlan({ prepaidCredits: 30, burn: { conversation: 10 } }), 'cr');
    const t = timeline([nov(1), credits], [nov(11), named(usagePlan({}), 'free')]);
    const b = priceTicketOver(t, ticket([use('a', nov(2)), use('b', nov(3))] as never, []), {
      asOf: nov(29),
    });
    expect(b.lines.map((l) => [l.code, l.quantity])).toEqual([['credits_prepaid', '20']]);
  });

  it('pools of every version over a period add up exactly to the full pool', () => {
    const a = named(creditsPlan({ prepaidCredits: 7, burn: { conversation: 1000 } }), 'a');
    const b = named(a, 'b');
    const t = timeline([nov(1), a], [nov(8, 5), b], [nov(19, 13), a]);
    // One big burn under each version drains each prorated pool completely.
    const [x, y] = pricePeriodOver(
      t,
      [
        ticket([use('e1', nov(2))] as never, [], '1'),
        ticket([use('e2', nov(9))] as never, [], '2'),
      ],
      { asOf: nov(29) },
    );
    const prepaid = (bd: Breakdown) => bd.lines.find((l) => l.code === 'credits_prepaid')!;
    const total = minor(prepaid(x!).amount) + minor(prepaid(y!).amount);
    // 7 credits at 0.01: every version's pool drained, so 0.07 in all (up to one rounding each).
    expect(total === 7n || total === 6n || total === 8n).toBe(true);
    const exact = Number(prepaid(x!).quantity) + Number(prepaid(y!).quantity);
    expect(Math.abs(exact - 7)).toBeLessThan(1e-5);
  });
});

const timelineOf = (plans: Plan[], cuts: number[]): Timeline =>
  parseTimeline(
    plans.map((plan, i) => ({
      effectiveAt: new Date(NOV + cuts[i]! * 60_000).toISOString(),
      plan: parsePlan({ ...plan, id: `${plan.id}-${i}`, currency: plans[0]!.currency }),
    })),
  );

describe('timeline invariants', () => {
  it('a timeline of one activation prices exactly as the plan alone', () => {
    fc.assert(
      fc.property(
        anyPlan,
        period,
        fc.integer({ min: -100_000, max: 100_000 }),
        (plan, tickets, cut) => {
          const t = parseTimeline([
            { effectiveAt: new Date(NOV + cut * 60_000).toISOString(), plan },
          ]);
          const alone = priceTicket(plan, tickets[0]!, { asOf: ASOF });
          expect(unnamed(priceTicketOver(t, tickets[0]!, { asOf: ASOF }))).toEqual(alone);
          expect(pricePeriodOver(t, tickets, { asOf: ASOF }).map(unnamed)).toEqual(
            pricePeriod(plan, tickets, { asOf: ASOF }),
          );
          expect(
            unnamed(priceTicketOver(singlePlanTimeline(plan), tickets[0]!, { asOf: ASOF })),
          ).toEqual(alone);
        },
      ),
      RUNS,
    );
  });

  it('splitting a timeline at any instant with the same version on both sides changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(anyPlan, { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: -10_000, max: 60_000 }),
        period,
        (plans, cuts, split, tickets) => {
          const sorted = [...cuts].sort((x, y) => x - y);
          const t = timelineOf(plans, sorted);
          const activations = plans.map((plan, i) => ({
            effectiveAt: new Date(NOV + sorted[i]! * 60_000).toISOString(),
            plan: parsePlan({ ...plan, id: `${plan.id}-${i}`, currency: plans[0]!.currency }),
          }));
          // Re-activate whichever version is in force at the split instant.
          const inForce = planAt(t, NOV + split * 60_000).plan;
          const splitT = parseTimeline([
            ...activations,
            { effectiveAt: new Date(NOV + split * 60_000).toISOString(), plan: inForce },
          ]);
          expect(pricePeriodOver(splitT, tickets, { asOf: ASOF })).toEqual(
            pricePeriodOver(t, tickets, { asOf: ASOF }),
          );
        },
      ),
      RUNS,
    );
  });

  it('every breakdown adds up, and input order changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(anyPlan, { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 3, maxLength: 3 }),
        period,
        fc.integer(),
        (plans, cuts, tickets, seed) => {
          const t = timelineOf(
            plans,
            [...cuts].sort((x, y) => x - y),
          );
          const priced = pricePeriodOver(t, tickets, { asOf: ASOF });
          for (const b of priced) {
            checkAddsUp(b);
            const listed = new Set(b.lines.map((l) => l.plan));
            expect(b.plans).toEqual([...(b.plans ?? [])].filter((p) => listed.has(p)));
            expect(new Set(b.plans)).toEqual(listed);
          }
          const again = pricePeriodOver(
            t,
            [...tickets].reverse().map((a, i) => reordered(a, seed + i)),
            {
              asOf: ASOF,
            },
          );
          expect([...again].reverse()).toEqual(priced);
          expect(sum(priced.map((b) => minor(b.total)))).toBe(
            sum(priced.flatMap((b) => b.lines.map((l) => minor(l.amount)))),
          );
        },
      ),
      RUNS,
    );
  });

  it('a ticket alone over a timeline agrees with its period pricing in outcome', () => {
    fc.assert(
      fc.property(fc.array(anyPlan, { minLength: 2, maxLength: 2 }), activity('1'), (plans, a) => {
        const t = timelineOf(plans, [0, 20_000]);
        const alone = priceTicketOver(t, a, { asOf: ASOF });
        const [together] = pricePeriodOver(t, [a], { asOf: ASOF });
        expect(alone.outcome).toBe(together!.outcome);
        checkAddsUp(alone);
      }),
      RUNS,
    );
  });
});
