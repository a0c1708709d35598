/**
 * The report's view of time saved and fewer escalations, on the public cases 12 and 13.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  outcomeMetrics,
  parseActivity,
  parsePlan,
  parseTimeline,
  pricePeriodOver,
  singlePlanTimeline,
} from '../../src/pricing/index.js';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/cases/${name}`, import.meta.url), 'utf8'));

describe('outcome metrics for a report', () => {
  it('sums human minutes spent and saved against the baseline', () => {
    const c = load('12-time-saved.json');
    const tickets = c.activities.map(parseActivity);
    const m = outcomeMetrics(singlePlanTimeline(parsePlan(c.plan)), tickets, { asOf: c.asOf });
    // Saved: 4.5 min on the assisted ticket and 10.5 on the resolved one (case 12's lines).
    expect(m.humanMinutesSaved).toBe('15.00');
    const seconds = tickets.reduce(
      (n: number, t: { lifecycle: { type: string; totalSeconds?: number }[] }) => {
        const times = t.lifecycle.filter((l) => l.type === 'human_time');
        return n + (times.at(-1)?.totalSeconds ?? 0);
      },
      0,
    );
    expect(m.humanMinutesSpent).toBe((seconds / 60).toFixed(2));
  });

  it('gives each cohort its escalation rate beside the baseline, and its fee, final once the window passed', () => {
    const c = load('13-escalation-reduction-period.json');
    const plan = parsePlan(c.plan);
    const tickets = c.activities.map(parseActivity);
    const m = outcomeMetrics(singlePlanTimeline(plan), tickets, { asOf: c.asOf });
    expect(m.cohorts).toEqual([
      {
        month: '2026-11',
        plan: `${plan.id}@${plan.version}`,
        tickets: 6,
        escalated: 2,
        rate: '0.3333',
        baselineRate: '0.40',
        fee: '166.67',
        provisional: false,
      },
    ]);
    const early = outcomeMetrics(singlePlanTimeline(plan), tickets, {
      asOf: '2026-12-02T00:00:00Z',
    });
    expect(early.cohorts[0]?.provisional).toBe(true);
  });

  it('gives each version its own cohort when the plan changes within the month', () => {
    const base = {
      name: 'Escalations',
      currency: 'USD',
      model: 'base_plus_performance',
      baseFee: '0',
      perResolution: '0',
    };
    const before = parsePlan({
      ...base,
      id: 'before',
      version: 1,
      escalationReduction: { baselineRate: '0.50', pricePerPoint: '1.00' },
    });
    const after = parsePlan({
      ...base,
      id: 'after',
      version: 1,
      escalationReduction: { baselineRate: '0.80', pricePerPoint: '2.00' },
    });
    const timeline = parseTimeline([
      { effectiveAt: '2026-11-01T00:00:00Z', plan: before },
      { effectiveAt: '2026-11-15T00:00:00Z', plan: after },
    ]);
    const ticket = (id: string, day: number, human: boolean) =>
      parseActivity({
        ticketId: id,
        usage: [
          {
            id: `${id}u`,
            at: `2026-11-${String(day).padStart(2, '0')}T10:00:00Z`,
            metric: 'conversation',
            quantity: 1,
          },
        ],
        lifecycle: human
          ? [{ at: `2026-11-${String(day).padStart(2, '0')}T11:00:00Z`, type: 'handoff' }]
          : [],
      });
    // Before: 1 of 2 escalated (rate 0.5, no fee against 0.50). After: 1 of 4 (0.25 against
    // 0.80: 55 points × 2.00 = 110.00, shared by the three kept tickets).
    const tickets = [
      ticket('1', 3, true),
      ticket('2', 4, false),
      ticket('3', 16, true),
      ticket('4', 17, false),
      ticket('5', 18, false),
      ticket('6', 19, false),
    ];
    const m = outcomeMetrics(timeline, tickets, { asOf: '2027-01-01T00:00:00Z' });
    expect(
      m.cohorts.map((c) => [c.plan, c.tickets, c.escalated, c.rate, c.baselineRate, c.fee]),
    ).toEqual([
      ['after@1', 4, 1, '0.2500', '0.80', '110.00'],
      ['before@1', 2, 1, '0.5000', '0.50', '0.00'],
    ]);
    // Each row's fee is its version's shares, as priced.
    const shares = pricePeriodOver(timeline, tickets, { asOf: '2027-01-01T00:00:00Z' })
      .flatMap((b) => b.lines.filter((l) => l.code === 'escalation_reduction_share'))
      .map((l) => l.amount);
    expect(shares).toEqual(['36.67', '36.67', '36.66']);
  });
});

describe('human minutes by a report’s grouping', () => {
  const plan = parsePlan({
    id: 'perf',
    name: 'Time saved',
    version: 1,
    currency: 'USD',
    model: 'base_plus_performance',
    baseFee: '0',
    perResolution: '0.50',
    timeSaved: { baselineMinutes: '12', pricePerHour: '6.00' },
  });
  const ticket = (id: string, at: string, seconds: number, group?: string, tools: string[] = []) =>
    parseActivity({
      ticketId: id,
      usage: [
        { id: `${id}c`, at, metric: 'conversation', quantity: 1 },
        ...tools.map((tool, i) => ({
          id: `${id}t${i}`,
          at,
          metric: 'tool_call',
          tool,
          quantity: 1,
        })),
      ],
      lifecycle: [
        { at, type: 'status', status: 'open' },
        { at, type: 'human_time', totalSeconds: seconds },
        { at, type: 'status', status: 'solved' },
      ],
      ...(group ? { attributes: { group } } : {}),
    });
  const tickets = [
    ticket('1', '2026-11-02T10:00:00Z', 60, 'billing', ['crm']),
    ticket('2', '2026-11-04T10:00:00Z', 120, 'billing', ['crm', 'kb']),
    ticket('3', '2026-11-10T10:00:00Z', 300, 'returns'),
    ticket('4', '2026-11-30T10:00:00Z', 30),
  ];
  const ASOF = '2026-12-02T00:00:00Z';
  const by = (groupBy: 'group' | 'tool' | 'week' | 'month' | 'outcome') =>
    outcomeMetrics(singlePlanTimeline(plan), tickets, { asOf: ASOF, groupBy }).groups!;

  it('splits minutes spent and saved by group, the ungrouped last, summing to the total', () => {
    expect(by('group')).toEqual([
      { key: 'billing', tickets: 2, humanMinutesSpent: '3.00', humanMinutesSaved: '21.00' },
      { key: 'returns', tickets: 1, humanMinutesSpent: '5.00', humanMinutesSaved: '7.00' },
      { key: null, tickets: 1, humanMinutesSpent: '0.50', humanMinutesSaved: '11.50' },
    ]);
    const total = outcomeMetrics(singlePlanTimeline(plan), tickets, { asOf: ASOF });
    expect(total.groups).toBeUndefined();
    expect(total.humanMinutesSaved).toBe('39.50');
  });

  it('files a ticket under each tool it used, and one without tools under none', () => {
    expect(by('tool').map((g) => [g.key, g.tickets])).toEqual([
      ['crm', 2],
      ['kb', 1],
    ]);
  });

  it('files by the decision’s week (its Monday) and month, in the account’s time zone', () => {
    // 2 Nov 2026 is a Monday; the 30th too.
    expect(by('week').map((g) => [g.key, g.tickets])).toEqual([
      ['2026-11-02', 2],
      ['2026-11-09', 1],
      ['2026-11-30', 1],
    ]);
    expect(by('month').map((g) => [g.key, g.tickets])).toEqual([['2026-11-01', 4]]);
    // A resolution still pending at asOf is filed by its first usage, as the ledger files it.
    const pending = outcomeMetrics(singlePlanTimeline(plan), tickets, {
      asOf: '2026-11-30T12:00:00Z',
      groupBy: 'outcome',
    }).groups!;
    expect(pending.map((g) => [g.key, g.tickets])).toEqual([
      ['ai_resolved', 3],
      ['pending_confirmation', 1],
    ]);
  });
});
