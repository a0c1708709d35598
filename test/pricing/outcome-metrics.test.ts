/**
 * The report's view of time saved and fewer escalations, on the public cases 12 and 13.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  outcomeMetrics,
  parseActivity,
  parsePlan,
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
});
