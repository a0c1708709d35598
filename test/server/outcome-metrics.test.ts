/**
 * `GET /v1/reports/outcome-metrics`: human minutes spent and saved, and each cohort's escalation
 * rate and fee, as the core computes them over the same tickets and timeline, on every engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeMetrics, type TicketActivity } from '../../src/pricing/index.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import { activatePlan, appToken, type Backend, call, ENGINES, startBackend } from './harness.js';

const PLAN = {
  id: 'perf',
  name: 'Base + time saved + fewer escalations',
  version: 1,
  currency: 'USD',
  model: 'base_plus_performance',
  baseFee: '0',
  perResolution: '0.50',
  perAssisted: '0.10',
  timeSaved: { baselineMinutes: '12', pricePerHour: '6.00' },
  escalationReduction: { baselineRate: '0.50', pricePerPoint: '1.00' },
};

const ticket = (id: string, human: boolean, seconds: number): TicketActivity => ({
  ticketId: id,
  usage: [{ id: `${id}-c`, at: '2026-11-10T09:00:00Z', metric: 'conversation', quantity: 1 }],
  lifecycle: [
    { at: '2026-11-10T09:00:00Z', type: 'status', status: 'open' },
    ...(human ? [{ at: '2026-11-10T09:05:00Z', type: 'human_reply' as const }] : []),
    { at: '2026-11-10T09:10:00Z', type: 'human_time', totalSeconds: seconds },
    { at: '2026-11-10T09:20:00Z', type: 'status', status: 'solved' },
  ],
});

describe.each(ENGINES)('outcome metrics on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  const tickets = [
    ticket('1', false, 60),
    ticket('2', true, 300),
    ticket('3', false, 0),
    ticket('4', false, 900),
  ];

  beforeAll(async () => {
    b = await startBackend(engine, { RATE_LIMIT_PER_MINUTE: '1000000' });
    acme = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', PLAN);
    b.clock = new Date('2026-12-20T00:00:00Z');
    const token = await appToken(acme, b.clock);
    for (const [i, t] of tickets.entries()) {
      const r = await call(b, 'PUT', `/v1/tickets/${t.ticketId}`, {
        token,
        body: { revision: i + 1, activity: t },
      });
      expect(r.status).toBe(200);
    }
  });
  afterAll(() => b.close());

  it('answers what the core computes over the ledger and the timeline', async () => {
    const token = await appToken(acme, b.clock);
    const r = await call(
      b,
      'GET',
      '/v1/reports/outcome-metrics?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z',
      { token },
    );
    expect(r.status).toBe(200);
    const timeline = (await b.services.plans.timeline(
      (await b.services.tenants.byAccount('acme'))!.id,
    ))!;
    const expected = outcomeMetrics(timeline, tickets, { asOf: b.clock });
    expect(r.json).toMatchObject({ ...expected, cohorts: expected.cohorts });
    // 1 of 4 escalated against a 0.50 baseline: (0.50 − 0.25) × 100 × 1.00 = 25.00, final.
    expect(r.json.cohorts).toEqual([
      {
        month: '2026-11',
        plan: 'perf@1',
        tickets: 4,
        escalated: 1,
        rate: '0.2500',
        baselineRate: '0.50',
        fee: '25.00',
        provisional: false,
      },
    ]);
    expect(r.json.humanMinutesSpent).toBe('21.00');
    // Saved against 12 minutes: 11, 7 (the assisted ticket), 12, and 0 (15 spent, never below 0).
    expect(r.json.humanMinutesSaved).toBe('30.00');
  });

  it('splits the minutes by the report’s grouping, as the core does', async () => {
    const token = await appToken(acme, b.clock);
    const r = await call(
      b,
      'GET',
      '/v1/reports/outcome-metrics?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=outcome',
      { token },
    );
    expect(r.status).toBe(200);
    const timeline = (await b.services.plans.timeline(
      (await b.services.tenants.byAccount('acme'))!.id,
    ))!;
    const expected = outcomeMetrics(timeline, tickets, { asOf: b.clock, groupBy: 'outcome' });
    expect(r.json.groups).toEqual(expected.groups);
    // One resolved ticket escalated (assisted), three resolved by the AI.
    expect(r.json.groups.map((g: { key: string }) => g.key)).toEqual(['ai_resolved', 'assisted']);
    const bad = await call(
      b,
      'GET',
      '/v1/reports/outcome-metrics?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=colour',
      { token },
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('groupBy');
  });

  it('refuses a bad period, naming the field', async () => {
    const token = await appToken(acme, b.clock);
    const r = await call(
      b,
      'GET',
      '/v1/reports/outcome-metrics?from=yesterday&to=2026-12-01T00:00:00Z',
      { token },
    );
    expect(r.status).toBe(400);
    expect(r.json.error.field).toBe('from');
  });
});
