/**
 * Measuring the baselines of spec section 9 (the escalation rate of a past month's cohort, the
 * mean handling time of tickets without AI), rule by rule and against a direct count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  measureEscalationRate,
  measureHandlingMinutes,
  outcomeMetrics,
  type Plan,
  parsePlan,
  pricePeriod,
  singlePlanTimeline,
  type TicketActivity,
} from '../../src/pricing/index.js';
import { RUNS } from './arbitraries.js';

const ticket = (
  id: string,
  firstUsage: string,
  involvedAt?: string,
  kind: 'human_reply' | 'handoff' = 'human_reply',
): TicketActivity => ({
  ticketId: id,
  usage: [{ id: `${id}-u`, at: firstUsage, metric: 'conversation', quantity: 1 }],
  lifecycle: [
    { at: firstUsage, type: 'status', status: 'open' },
    ...(involvedAt ? [{ at: involvedAt, type: kind }] : []),
  ] as TicketActivity['lifecycle'],
});

const LATE = '2027-06-01T00:00:00Z';

describe('the escalation rate of a past month’s cohort', () => {
  it('counts the tickets whose first usage falls in the month, and those human-involved', () => {
    const m = measureEscalationRate(
      [
        ticket('1', '2026-10-02T10:00:00Z', '2026-10-02T11:00:00Z'),
        ticket('2', '2026-10-15T10:00:00Z'),
        ticket('3', '2026-10-31T23:59:59Z', '2026-11-01T05:00:00Z', 'handoff'),
        ticket('4', '2026-11-01T00:00:00Z', '2026-11-01T00:00:01Z'), // November's cohort
        ticket('5', '2026-09-30T23:59:59Z', '2026-10-01T00:00:00Z'), // September's
      ],
      { month: '2026-10', asOf: LATE },
    );
    expect(m).toEqual({
      month: '2026-10',
      tickets: 3,
      escalated: 2,
      rate: '0.666667',
      countedUntil: '2026-11-04T00:00:00.000Z',
    });
  });

  it('counts an escalation at D exactly, and not one a millisecond later', () => {
    const at = (involved: string) =>
      measureEscalationRate([ticket('1', '2026-10-05T00:00:00Z', involved)], {
        month: '2026-10',
        windowHours: 24,
        asOf: LATE,
      }).escalated;
    expect(at('2026-11-02T00:00:00Z')).toBe(1);
    expect(at('2026-11-02T00:00:00.001Z')).toBe(0);
  });

  it('stops counting at asOf while the month’s window is still open', () => {
    const tickets = [ticket('1', '2026-10-05T00:00:00Z', '2026-11-01T10:00:00Z')];
    const early = measureEscalationRate(tickets, {
      month: '2026-10',
      asOf: '2026-11-01T09:00:00Z',
    });
    expect(early).toMatchObject({ escalated: 0, countedUntil: '2026-11-01T09:00:00.000Z' });
    expect(measureEscalationRate(tickets, { month: '2026-10', asOf: LATE }).escalated).toBe(1);
  });

  it('puts no ticket in a cohort by usage after asOf', () => {
    const m = measureEscalationRate([ticket('1', '2026-10-20T00:00:00Z')], {
      month: '2026-10',
      asOf: '2026-10-10T00:00:00Z',
    });
    expect(m).toMatchObject({ tickets: 0, rate: null });
  });

  it('reads the month in the account’s time zone', () => {
    // 23:30 UTC on 31 October is already November in Berlin.
    const tickets = [ticket('1', '2026-10-31T23:30:00Z')];
    const utc = measureEscalationRate(tickets, { month: '2026-10', asOf: LATE });
    const berlin = measureEscalationRate(tickets, {
      month: '2026-10',
      asOf: LATE,
      timeZone: 'Europe/Berlin',
    });
    expect([utc.tickets, berlin.tickets]).toEqual([1, 0]);
  });

  it('rounds half to even to six digits, and has no rate for an empty cohort', () => {
    const cohort = (n: number, e: number) =>
      Array.from({ length: n }, (_, i) =>
        ticket(String(i), '2026-10-03T00:00:00Z', i < e ? '2026-10-03T01:00:00Z' : undefined),
      );
    const rate = (n: number, e: number) =>
      measureEscalationRate(cohort(n, e), { month: '2026-10', asOf: LATE }).rate;
    expect(rate(3, 1)).toBe('0.333333');
    expect(rate(8, 1)).toBe('0.125000');
    expect(rate(4, 4)).toBe('1.000000');
    expect(rate(0, 0)).toBeNull();
    expect(() => measureEscalationRate([], { month: '2026-13' })).toThrow(RangeError);
  });

  it('equals a direct count over the raw events, for random cohorts', () => {
    const minute = fc.integer({ min: 0, max: 70 * 24 * 60 });
    const start = Date.parse('2026-09-20T00:00:00Z');
    const at = (m: number) => new Date(start + m * 60_000).toISOString();
    const arb = fc.array(
      fc.record({
        usage: fc.array(minute, { minLength: 1, maxLength: 3 }),
        human: fc.option(fc.array(minute, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 200 }), minute, (rows, window, asOfMinute) => {
        const asOf = start + asOfMinute * 60_000;
        const activities: TicketActivity[] = rows.map((r, i) => ({
          ticketId: String(i + 1),
          usage: r.usage.map((m, k) => ({
            id: `u${k}`,
            at: at(m),
            metric: 'conversation' as const,
            quantity: 1,
          })),
          lifecycle: (r.human ?? []).map((m) => ({ at: at(m), type: 'handoff' as const })),
        }));
        const got = measureEscalationRate(activities, {
          month: '2026-10',
          windowHours: window,
          asOf: new Date(asOf),
        });
        // The count, straight from the events.
        const d = Math.min(asOf, Date.parse('2026-11-01T00:00:00Z') + window * 3_600_000);
        let n = 0;
        let e = 0;
        for (const r of rows) {
          const seen = r.usage.map((m) => start + m * 60_000).filter((t) => t <= asOf);
          if (seen.length === 0) continue;
          const first = Math.min(...seen);
          if (
            first < Date.parse('2026-10-01T00:00:00Z') ||
            first >= Date.parse('2026-11-01T00:00:00Z')
          )
            continue;
          n += 1;
          const human = (r.human ?? []).map((m) => start + m * 60_000).filter((t) => t <= asOf);
          if (human.length > 0 && Math.min(...human) <= d) e += 1;
        }
        expect([got.tickets, got.escalated]).toEqual([n, e]);
        if (n > 0) {
          // rate × N is E to within half a unit of the sixth digit per ticket.
          const scaled = BigInt(got.rate!.replace('.', '')) * BigInt(n);
          const exact = BigInt(e) * 1_000_000n;
          expect(2n * (scaled > exact ? scaled - exact : exact - scaled) <= BigInt(n)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('is the rate the escalation fee reads: a plan with it as its baseline earns no fee', () => {
    const tickets = [
      ticket('1', '2026-10-02T10:00:00Z', '2026-10-02T11:00:00Z'),
      ticket('2', '2026-10-03T10:00:00Z'),
      ticket('3', '2026-10-04T10:00:00Z'),
      ticket('4', '2026-10-05T10:00:00Z', '2026-10-06T10:00:00Z'),
    ];
    const measured = measureEscalationRate(tickets, { month: '2026-10', asOf: LATE });
    expect(measured.rate).toBe('0.500000');
    const plan = (baselineRate: string): Plan =>
      parsePlan({
        id: 'esc',
        name: 'Escalations',
        version: 1,
        currency: 'USD',
        model: 'base_plus_performance',
        baseFee: '0',
        perResolution: '0',
        escalationReduction: { baselineRate, pricePerPoint: '1.00' },
      });
    const shares = (p: Plan) =>
      pricePeriod(p, tickets, { asOf: LATE }).flatMap((b) =>
        b.lines.filter((l) => l.code === 'escalation_reduction_share'),
      );
    expect(shares(plan(measured.rate!))).toEqual([]);
    // One point above it pays one point's price, shared among the two kept tickets.
    expect(shares(plan('0.51')).map((l) => l.amount)).toEqual(['0.50', '0.50']);
    // And the report's cohort rate is the same count.
    const [cohort] = outcomeMetrics(singlePlanTimeline(plan('0.51')), tickets, {
      asOf: LATE,
    }).cohorts;
    expect([cohort!.tickets, cohort!.escalated]).toEqual([measured.tickets, measured.escalated]);
  });
});

describe('the mean handling time of tickets without AI', () => {
  it('is the mean of the recorded seconds in minutes, to six digits', () => {
    expect(measureHandlingMinutes([600, 900])).toEqual({
      tickets: 2,
      withoutTime: 0,
      minutes: '12.500000',
    });
    expect(measureHandlingMinutes([100]).minutes).toBe('1.666667');
    expect(measureHandlingMinutes([0, 0, 0]).minutes).toBe('0.000000');
  });

  it('leaves out tickets without a recorded time rather than counting them as 0', () => {
    expect(measureHandlingMinutes([720, null, null])).toEqual({
      tickets: 1,
      withoutTime: 2,
      minutes: '12.000000',
    });
    expect(measureHandlingMinutes([null])).toEqual({ tickets: 0, withoutTime: 1, minutes: null });
    expect(measureHandlingMinutes([])).toEqual({ tickets: 0, withoutTime: 0, minutes: null });
  });

  it('refuses what is not a whole number of seconds', () => {
    expect(() => measureHandlingMinutes([-1])).toThrow(RangeError);
    expect(() => measureHandlingMinutes([1.5])).toThrow(RangeError);
  });

  it('stays exact past floating point, for random totals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.maxSafeNat(), { nil: null }), { maxLength: 30 }),
        (totals) => {
          const m = measureHandlingMinutes(totals);
          const recorded = totals.filter((t): t is number => t !== null);
          expect(m.tickets + m.withoutTime).toBe(totals.length);
          if (recorded.length === 0) {
            expect(m.minutes).toBeNull();
            return;
          }
          // minutes × 60 × n is the total seconds to within half a unit of the sixth digit × 60n.
          const sum = recorded.reduce((a, b) => a + BigInt(b), 0n);
          const scaled = BigInt(m.minutes!.replace('.', '')) * 60n * BigInt(recorded.length);
          const exact = sum * 1_000_000n;
          const diff = scaled > exact ? scaled - exact : exact - scaled;
          expect(2n * diff <= 60n * BigInt(recorded.length)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});
