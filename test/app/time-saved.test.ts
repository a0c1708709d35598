/**
 * The minutes under the sidebar's time-saved line: the agreed baseline, the human time spent
 * (spec section 9's H) and what was saved, read as the core reads them.
 */
import { describe, expect, it } from 'vitest';
import { timeSavedMinutes } from '../../src/app/sidebar/time-saved.js';
import {
  type Line,
  parsePlan,
  priceTicket,
  singlePlanTimeline,
  type TicketActivity,
} from '../../src/pricing/index.js';

const plan = (baselineMinutes: string) =>
  parsePlan({
    id: 'perf',
    name: 'Time saved',
    version: 1,
    currency: 'USD',
    model: 'base_plus_performance',
    baseFee: '0',
    perResolution: '0.50',
    timeSaved: { baselineMinutes, pricePerHour: '6.00' },
  });

const ASOF = '2026-11-20T00:00:00Z';
const activity = (...times: [string, number][]): TicketActivity => ({
  ticketId: '1',
  usage: [{ id: 'c', at: '2026-11-10T09:00:00Z', metric: 'conversation', quantity: 1 }],
  lifecycle: [
    { at: '2026-11-10T09:00:00Z', type: 'status', status: 'open' },
    ...times.map(([at, totalSeconds]) => ({ at, type: 'human_time' as const, totalSeconds })),
    { at: '2026-11-10T09:20:00Z', type: 'status', status: 'solved' },
  ],
});

function minutesFor(baseline: string, a: TicketActivity) {
  const p = plan(baseline);
  const breakdown = priceTicket(p, a, { asOf: ASOF });
  const line = breakdown.lines.find((l) => l.code === 'time_saved') as Line;
  return { line, m: timeSavedMinutes(line, singlePlanTimeline(p), 'perf@1', a, ASOF) };
}

describe('the minutes behind a time-saved line', () => {
  it('is the baseline less the human time, and agrees with the line’s hours', () => {
    const { line, m } = minutesFor('12', activity(['2026-11-10T09:10:00Z', 90]));
    expect(m).toEqual({ baseline: '12.00', spent: '1.50', saved: '10.50' });
    expect(line.quantity).toBe('0.175');
  });

  it('rounds once, half to even, to two digits', () => {
    // 12.5 − 100/60 = 10.8333…
    const { m } = minutesFor('12.5', activity(['2026-11-10T09:10:00Z', 100]));
    expect(m).toEqual({ baseline: '12.50', spent: '1.67', saved: '10.83' });
  });

  it('never saves less than nothing', () => {
    // The ticket then earns no time-saved line at all; the note, given one, says 0.
    const over = activity(['2026-11-10T09:10:00Z', 900]);
    const p = plan('12');
    expect(priceTicket(p, over, { asOf: ASOF }).lines.map((l) => l.code)).not.toContain(
      'time_saved',
    );
    const { line } = minutesFor('12', activity(['2026-11-10T09:10:00Z', 90]));
    expect(timeSavedMinutes(line, singlePlanTimeline(p), 'perf@1', over, ASOF)?.saved).toBe('0.00');
  });

  it('reads the latest time at or before the instant priced, the later-listed of a tie', () => {
    const { m } = minutesFor(
      '12',
      activity(
        ['2026-11-10T09:12:00Z', 120],
        ['2026-11-10T09:12:00Z', 180],
        ['2026-11-10T09:05:00Z', 600],
        ['2026-11-25T00:00:00Z', 60],
      ),
    );
    expect(m?.spent).toBe('3.00');
    expect(minutesFor('12', activity()).m?.spent).toBe('0.00');
  });

  it('has nothing to say for a plan without time saved', () => {
    const usage = parsePlan({
      id: 'use',
      name: 'Use',
      version: 1,
      currency: 'USD',
      model: 'usage',
      rates: { conversation: '0.10' },
    });
    const a = activity();
    const line = priceTicket(usage, a, { asOf: ASOF }).lines[0]!;
    expect(timeSavedMinutes(line, singlePlanTimeline(usage), 'use@1', a, ASOF)).toBeNull();
  });
});
