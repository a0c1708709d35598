/**
 * The other two outcome metrics (spec section 9): time saved per ticket, and the escalation
 * reduction fee per period, rule by rule, with the schema's refusals and the fee's invariants.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Breakdown,
  type PricingInputError,
  parsePlan,
  pricePeriod,
  priceTicket,
  type TicketActivity,
} from '../../src/pricing/index.js';
import { minor, RUNS, sum } from './arbitraries.js';
import {
  amounts,
  at,
  conversation,
  handoff,
  humanReply,
  performancePlan,
  status,
  ticket,
} from './build.js';

const humanTime = (totalSeconds: number, minutes: number) =>
  ({ at: at(minutes), type: 'human_time', totalSeconds }) as const;
const line = (b: Breakdown, code: string) => b.lines.find((l) => l.code === code);

describe('time saved', () => {
  const plan = performancePlan({
    baseFee: '0',
    perAssisted: '0.10',
    timeSaved: { baselineMinutes: '12', pricePerHour: '6.00' },
  });
  const late = { asOf: at(5 * 24 * 60) };

  it('pays the minutes below the baseline, in hours, for a resolved ticket', () => {
    const b = priceTicket(
      plan,
      ticket([conversation('a')], [status('open', 0), status('solved', 5), humanTime(90, 4)]),
      late,
    );
    expect(b.outcome).toBe('ai_resolved');
    // 12 − 1.5 = 10.5 minutes = 0.175 h × 6.00 = 1.05
    expect(line(b, 'time_saved')).toMatchObject({
      quantity: '0.175',
      unitPrice: '6',
      amount: '1.05',
    });
  });

  it('pays it for an assisted ticket as well, from the latest human time at or before asOf', () => {
    const a = ticket(
      [conversation('a')],
      [
        status('open', 0),
        humanReply(2),
        humanTime(60, 3),
        humanTime(450, 6),
        status('solved', 7),
        humanTime(9999, 60 * 24 * 9),
      ],
    );
    const b = priceTicket(plan, a, late);
    expect(b.outcome).toBe('assisted');
    expect(line(b, 'time_saved')?.amount).toBe('0.45'); // (12 − 7.5) / 60 × 6
  });

  it('is provisional while the resolution waits for confirmation', () => {
    const b = priceTicket(
      plan,
      ticket([conversation('a')], [status('open', 0), status('solved', 5)]),
      { asOf: at(10) },
    );
    expect(b.outcome).toBe('pending_confirmation');
    expect(line(b, 'time_saved')).toMatchObject({ amount: '1.20', provisional: true });
    expect(b.confirmedTotal).toBe('0.00');
  });

  it('pays nothing when humans spent the baseline or more, and nothing for other outcomes', () => {
    const over = priceTicket(
      plan,
      ticket([conversation('a')], [status('open', 0), status('solved', 5), humanTime(720, 4)]),
      late,
    );
    expect(line(over, 'time_saved')).toBeUndefined();
    const open = priceTicket(
      plan,
      ticket([conversation('a')], [status('open', 0), handoff(3)]),
      late,
    );
    expect(open.outcome).toBe('escalated');
    expect(open.lines).toEqual([]);
  });

  it('counts the later-listed of two human times at one instant', () => {
    const a = ticket(
      [conversation('a')],
      [status('open', 0), status('solved', 5), humanTime(60, 4), humanTime(600, 4)],
    );
    expect(line(priceTicket(plan, a, late), 'time_saved')?.quantity).toBe('0.033333'); // 2 min
    const b = ticket(
      [conversation('a')],
      [status('open', 0), status('solved', 5), humanTime(600, 4), humanTime(60, 4)],
    );
    expect(line(priceTicket(plan, b, late), 'time_saved')?.quantity).toBe('0.183333'); // 11 min
  });

  it('refuses a baseline or price the contract cannot mean, naming the field', () => {
    const fields = (body: unknown) => {
      try {
        performancePlan({ timeSaved: body });
      } catch (error) {
        return (error as PricingInputError).issues.map((i) => i.field);
      }
      return [];
    };
    expect(fields({ baselineMinutes: '-1', pricePerHour: '6' })).toEqual([
      'timeSaved.baselineMinutes',
    ]);
    expect(fields({ baselineMinutes: '1.0000001', pricePerHour: '6' })).toEqual([
      'timeSaved.baselineMinutes',
    ]);
    expect(fields({ baselineMinutes: 12, pricePerHour: '6' })).toEqual([
      'timeSaved.baselineMinutes',
    ]);
    expect(fields({ baselineMinutes: '12' })).toEqual(['timeSaved.pricePerHour']);
    expect(fields({ baselineMinutes: '12', pricePerHour: '6', extra: 1 })).toEqual([
      'timeSaved.extra',
    ]);
  });
});

describe('escalation reduction', () => {
  const plan = performancePlan({
    baseFee: '0',
    escalationReduction: { baselineRate: '0.40', pricePerPoint: '25.00', cap: '500.00' },
  });
  const nov = (day: number, hour = 0) =>
    new Date(Date.UTC(2026, 10, day, hour)).toISOString().replace('.000Z', 'Z');
  const cohortTicket = (id: string, day: number, escalatedAt?: string): TicketActivity =>
    ticket(
      [{ id: `${id}-e`, at: nov(day), metric: 'conversation', quantity: 1 }],
      [
        { at: nov(day), type: 'status', status: 'open' },
        ...(escalatedAt ? [{ at: escalatedAt, type: 'handoff' as const }] : []),
      ],
      id,
    );
  const shares = (bs: Breakdown[]) =>
    bs.map((b) => line(b, 'escalation_reduction_share')?.amount ?? null);

  it('shares (baseline − rate) × 100 × price per point among the cohort tickets kept from humans', () => {
    const bs = pricePeriod(
      plan,
      [
        cohortTicket('1', 2),
        cohortTicket('2', 3, nov(3, 1)),
        cohortTicket('3', 4),
        cohortTicket('4', 5),
      ],
      { asOf: '2026-12-10T00:00:00Z' },
    );
    // r = 1/4; (0.40 − 0.25) × 100 × 25 = 375.00, shared by three: 125.00 each.
    expect(shares(bs)).toEqual(['125.00', null, '125.00', '125.00']);
    expect(bs.every((b) => !b.provisional)).toBe(true);
  });

  it('caps the fee before rounding, and pays nothing at or above the baseline', () => {
    const cheap = performancePlan({
      baseFee: '0',
      escalationReduction: { baselineRate: '1', pricePerPoint: '25.00', cap: '100.00' },
    });
    expect(
      shares(
        pricePeriod(cheap, [cohortTicket('1', 2), cohortTicket('2', 3)], {
          asOf: '2026-12-10T00:00:00Z',
        }),
      ),
    ).toEqual(['50.00', '50.00']);
    const atBaseline = pricePeriod(
      plan,
      [
        cohortTicket('1', 2, nov(2, 1)),
        cohortTicket('2', 3, nov(3, 1)),
        cohortTicket('3', 4),
        cohortTicket('4', 5),
        cohortTicket('5', 6),
      ],
      { asOf: '2026-12-10T00:00:00Z' },
    );
    expect(shares(atBaseline)).toEqual([null, null, null, null, null]); // r = 0.40 exactly
  });

  it('is provisional until asOf passes the period end plus the window, and counts escalations only up to then', () => {
    const tickets = [cohortTicket('1', 2), cohortTicket('2', 3)];
    const early = pricePeriod(plan, tickets, { asOf: '2026-12-02T00:00:00Z' });
    expect(
      early.every((b) => b.provisional && line(b, 'escalation_reduction_share')?.provisional),
    ).toBe(true);
    // Escalated after Dec 1 + 72 h: too late to count, so the fee stays final and whole.
    const lateEscalation = [cohortTicket('1', 2), cohortTicket('2', 3, '2026-12-05T00:00:00Z')];
    const final = pricePeriod(plan, lateEscalation, { asOf: '2026-12-06T00:00:00Z' });
    expect(shares(final)).toEqual(['250.00', '250.00']); // the cap, 500.00, shared by two
    expect(final.some((b) => b.provisional)).toBe(false);
  });

  it('puts a ticket in the cohort of its first usage, and a ticket alone gets no share', () => {
    const october = ticket(
      [
        { id: 'o', at: '2026-10-30T00:00:00Z', metric: 'conversation', quantity: 1 },
        { id: 'n', at: nov(2), metric: 'conversation', quantity: 1 },
      ],
      [],
      '9',
    );
    const bs = pricePeriod(plan, [october, cohortTicket('1', 2, nov(2, 1))], {
      asOf: '2027-01-10T00:00:00Z',
    });
    // October's cohort is ticket 9 alone (rate 0): 0.40 × 100 × 25 = 1000 → capped at 500.
    expect(shares(bs)).toEqual(['500.00', null]);
    expect(
      line(
        priceTicket(plan, cohortTicket('1', 2), { asOf: '2027-01-10T00:00:00Z' }),
        'escalation_reduction_share',
      ),
    ).toBeUndefined();
  });

  it('gives every sharer a line of a positive fee, even of 0 minor units, and none of a fee that rounds to 0', () => {
    const tiny = performancePlan({
      baseFee: '0',
      escalationReduction: { baselineRate: '0.000001', pricePerPoint: '0.05' },
    });
    const many = Array.from({ length: 3 }, (_, i) => cohortTicket(String(i + 1), 2));
    // 0.000001 × 100 × 0.05 = 0.000005 → 0.00: no lines.
    expect(shares(pricePeriod(tiny, many, { asOf: '2026-12-10T00:00:00Z' }))).toEqual([
      null,
      null,
      null,
    ]);
    const small = performancePlan({
      baseFee: '0',
      escalationReduction: { baselineRate: '0.0002', pricePerPoint: '1' },
    });
    // 0.0002 × 100 × 1 = 0.02 over three: 0.01, 0.01, 0.00.
    expect(shares(pricePeriod(small, many, { asOf: '2026-12-10T00:00:00Z' }))).toEqual([
      '0.01',
      '0.01',
      '0.00',
    ]);
  });

  it('refuses a baseline rate outside [0, 1] or finer than 6 digits, naming the field', () => {
    const fields = (body: unknown) => {
      try {
        performancePlan({ escalationReduction: body });
      } catch (error) {
        return (error as PricingInputError).issues.map((i) => i.field);
      }
      return [];
    };
    expect(fields({ baselineRate: '1.01', pricePerPoint: '1' })).toEqual([
      'escalationReduction.baselineRate',
    ]);
    expect(fields({ baselineRate: '0.1234567', pricePerPoint: '1' })).toEqual([
      'escalationReduction.baselineRate',
    ]);
    expect(fields({ baselineRate: '1.000', pricePerPoint: '1' })).toEqual([]);
    expect(fields({ baselineRate: '0.4', pricePerPoint: '1', cap: '-5' })).toEqual([
      'escalationReduction.cap',
    ]);
  });

  const cohort = fc.array(fc.boolean(), { minLength: 1, maxLength: 12 });
  const feeTerms = fc.record({
    baselineRate: fc.integer({ min: 0, max: 1_000_000 }).map((n) => (n / 1_000_000).toFixed(6)),
    pricePerPoint: fc.integer({ min: 0, max: 10_000 }).map((n) => (n / 100).toFixed(2)),
  });
  const priceCohort = (
    terms: { baselineRate: string; pricePerPoint: string },
    escalated: boolean[],
  ) =>
    pricePeriod(
      performancePlan({ baseFee: '0', escalationReduction: terms }),
      escalated.map((e, i) => cohortTicket(String(i + 1), 2 + (i % 20), e ? nov(25) : undefined)),
      { asOf: '2026-12-20T00:00:00Z' },
    );
  const fee = (bs: Breakdown[]) =>
    sum(bs.map((b) => minor(line(b, 'escalation_reduction_share')?.amount ?? '0')));

  it('shares sum exactly to the rounded fee', () => {
    fc.assert(
      fc.property(feeTerms, cohort, (terms, escalated) => {
        const bs = priceCohort(terms, escalated);
        const n = escalated.length;
        const e = escalated.filter(Boolean).length;
        // The fee in hundredths of a cent, computed apart: (b − e/n) × 100 × p.
        const b = BigInt(terms.baselineRate.replace('.', '')); // millionths
        const p = BigInt(terms.pricePerPoint.replace('.', '')); // cents
        const num = (b * BigInt(n) - BigInt(e) * 1_000_000n) * 100n * p; // cents × 10^6 × n
        const den = BigInt(n) * 1_000_000n;
        const q = num > 0n ? num / den : 0n;
        const r = num > 0n ? num % den : 0n;
        const expected = r * 2n > den || (r * 2n === den && q % 2n === 1n) ? q + 1n : q;
        expect(fee(bs)).toBe(expected);
        if (expected > 0n) {
          expect(bs.filter((x) => line(x, 'escalation_reduction_share')).length).toBe(n - e);
        }
      }),
      RUNS,
    );
  });

  it('never grows as more cohort tickets escalate', () => {
    fc.assert(
      fc.property(feeTerms, cohort, fc.nat(), (terms, escalated, which) => {
        const more = [...escalated];
        more[which % more.length] = true;
        expect(fee(priceCohort(terms, more)) <= fee(priceCohort(terms, escalated))).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('the section 9 components beside the others', () => {
  it('keeps the base fee, resolution and bonus as before', () => {
    const plan = parsePlan({
      id: 'p',
      name: 'P',
      version: 1,
      currency: 'JPY',
      model: 'base_plus_performance',
      baseFee: '300',
      perResolution: '50',
      csatBonus: { amount: '10' },
      timeSaved: { baselineMinutes: '30', pricePerHour: '1000' },
    });
    const [b] = pricePeriod(
      plan,
      [
        ticket(
          [conversation('a')],
          [status('open', 0), status('solved', 5), { at: at(6), type: 'csat', score: 'good' }],
        ),
      ],
      {
        asOf: at(5 * 24 * 60),
      },
    );
    expect(amounts(b!)).toEqual({
      resolution: '50',
      csat_bonus: '10',
      time_saved: '500',
      base_fee_share: '300',
    });
  });
});
