/**
 * `GET /v1/baselines/escalation-rate`: a past month's cohort escalation rate for the admin's
 * "measure" button, checked against a direct count over the same synced tickets, on every engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketActivity } from '../../src/pricing/index.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import {
  activatePlan,
  appToken,
  type Backend,
  call,
  ENGINES,
  OUTCOME_PLAN,
  startBackend,
} from './harness.js';

interface Row {
  readonly id: string;
  readonly usage: readonly string[];
  readonly human?: string;
}

// October's cohort: tickets 1–5 (ticket 5's first usage is its earlier one, in October); 6 is
// September's, 7 November's. Escalations count until 31 October + 72 h = 4 November 00:00.
const ROWS: readonly Row[] = [
  { id: '1', usage: ['2026-10-02T10:00:00Z'], human: '2026-10-02T10:30:00Z' },
  { id: '2', usage: ['2026-10-09T10:00:00Z'] },
  { id: '3', usage: ['2026-10-30T10:00:00Z'], human: '2026-11-04T00:00:00Z' },
  { id: '4', usage: ['2026-10-31T10:00:00Z'], human: '2026-11-04T00:00:01Z' },
  { id: '5', usage: ['2026-11-02T10:00:00Z', '2026-10-20T10:00:00Z'] },
  { id: '6', usage: ['2026-09-30T23:00:00Z'], human: '2026-10-01T01:00:00Z' },
  { id: '7', usage: ['2026-11-01T00:00:00Z'], human: '2026-11-01T01:00:00Z' },
];

const activity = (r: Row): TicketActivity => ({
  ticketId: r.id,
  usage: r.usage.map((at, i) => ({ id: `${r.id}-${i}`, at, metric: 'conversation', quantity: 1 })),
  lifecycle: [
    { at: [...r.usage].sort()[0]!, type: 'status', status: 'open' },
    ...(r.human ? [{ at: r.human, type: 'handoff' as const }] : []),
  ],
});

/** The count the measure must give, straight from the rows. */
function directCount(month: [string, string], until: string) {
  const cohort = ROWS.filter((r) => {
    const first = [...r.usage].sort()[0]!;
    return first >= month[0] && first < month[1];
  });
  const escalated = cohort.filter((r) => r.human !== undefined && r.human <= until);
  return { tickets: cohort.length, escalated: escalated.length };
}

describe.each(ENGINES)('measuring the escalation baseline on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let other: TenantSecrets;

  beforeAll(async () => {
    b = await startBackend(engine, { RATE_LIMIT_PER_MINUTE: '1000000' });
    acme = await b.services.tenants.create('acme');
    other = await b.services.tenants.create('other');
    await activatePlan(b, 'acme', OUTCOME_PLAN);
    b.clock = new Date('2026-12-01T00:00:00Z');
    const token = await appToken(acme, b.clock);
    for (const [i, r] of ROWS.entries()) {
      const put = await call(b, 'PUT', `/v1/tickets/${r.id}`, {
        token,
        body: { revision: i + 1, activity: activity(r) },
      });
      expect(put.status).toBe(200);
    }
  });
  afterAll(() => b.close());

  const measure = async (secrets: TenantSecrets, params: string) =>
    call(b, 'GET', `/v1/baselines/escalation-rate?${params}`, {
      token: await appToken(secrets, b.clock),
    });

  it('answers the direct count of the month’s cohort and its rate', async () => {
    const r = await measure(acme, 'month=2026-10');
    expect(r.status).toBe(200);
    const expected = directCount(['2026-10-01', '2026-11-01'], '2026-11-04T00:00:00Z');
    expect(expected).toEqual({ tickets: 5, escalated: 2 });
    expect(r.json).toEqual({
      month: '2026-10',
      ...expected,
      rate: '0.400000',
      countedUntil: '2026-11-04T00:00:00.000Z',
    });
  });

  it('counts escalations until the end of the plan’s own window', async () => {
    // W = 0: only escalations within October count (ticket 1).
    const r = await measure(acme, 'month=2026-10&windowHours=0');
    expect(r.json).toMatchObject({
      ...directCount(['2026-10-01', '2026-11-01'], '2026-11-01T00:00:00Z'),
      rate: '0.200000',
    });
  });

  it('has no rate for a month without tickets, and shows another tenant none of them', async () => {
    expect((await measure(acme, 'month=2026-08')).json).toMatchObject({ tickets: 0, rate: null });
    expect((await measure(other, 'month=2026-10')).json).toMatchObject({ tickets: 0, rate: null });
  });

  it('refuses a bad month, a future month and a bad window, naming the field', async () => {
    for (const [params, field] of [
      ['month=2026-13', 'month'],
      ['month=October', 'month'],
      ['', 'month'],
      ['month=2027-01', 'month'],
      ['month=2026-10&windowHours=-1', 'windowHours'],
      ['month=2026-10&windowHours=1.5', 'windowHours'],
      ['month=2026-10&extra=1', 'extra'],
    ] as const) {
      const r = await measure(acme, params);
      expect(r.status, params).toBe(400);
      expect(r.json.error.field, params).toBe(field);
    }
  });

  it('refuses a caller without a valid token', async () => {
    const r = await call(b, 'GET', '/v1/baselines/escalation-rate?month=2026-10');
    expect(r.status).toBe(401);
  });
});
