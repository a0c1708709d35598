/**
 * Credit pools end to end (issue 14), on both engines: a credits plan's pool this month from
 * the ledger's credit lines (remaining, share drained, the projected day it runs out), its
 * alerts raised at exactly 80 % and at 100 % drained, each once (ticks again, ticks at once),
 * and delivered as signed webhooks to a real local receiver exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetTick } from '../../src/server/budgets/ticker.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import { type Receiver, startReceiver, usage } from './alert-receiver.js';
import {
  activatePlan,
  appToken,
  type Backend,
  CREDITS_PLAN,
  call,
  ENGINES,
  startBackend,
  USAGE_PLAN,
} from './harness.js';

describe.each(ENGINES)('the credit pool on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let receiver: Receiver;

  const post = async (ticketId: string, at: string, conversations: number) => {
    const r = await call(b, 'POST', '/v1/usage-events', {
      token: acme.ingestKey,
      body: { events: usage(ticketId, at, conversations) },
    });
    expect(r.status).toBe(200);
  };
  const pool = async () =>
    (await call(b, 'GET', '/v1/budgets', { token: await appToken(acme, b.clock) })).json.creditPool;
  const alerts = async () =>
    (await call(b, 'GET', '/v1/alerts', { token: await appToken(acme, b.clock) })).json.alerts as {
      type: string;
      scope: string;
      threshold: number;
      delivery: string;
    }[];

  beforeAll(async () => {
    b = await startBackend(engine, { ALERT_WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true' });
    acme = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', CREDITS_PLAN);
    receiver = await startReceiver();
    const tenant = (await b.services.tenants.byAccount('acme'))!;
    await b.services.budgets.setDestination(tenant.id, receiver.url, 'aicm_al_pool', b.clock);
  });
  afterAll(async () => {
    await receiver.close();
    await b.close();
  });

  it('answers the whole pool while nothing is burnt, then what is left and its projected end', async () => {
    expect(await pool()).toMatchObject({
      plan: 'pool@1',
      credits: '100',
      used: '0',
      remaining: '100',
      percentDrained: '0.00',
      reached: [],
      exhaustsOn: null,
    });
    // 38 conversations on the 5th: 76 credits over the 19 completed days, 4 a day; the 24
    // left last ceil(24 × 19 / 76) = 6 days after today (the 20th): the 26th.
    await post('701', '2026-11-05T10:00:00Z', 38);
    expect(await pool()).toMatchObject({
      used: '76',
      remaining: '24',
      percentDrained: '76.00',
      reached: [],
      exhaustsOn: '2026-11-26',
      exhausted: false,
    });
    await budgetTick(b.services);
    expect(await alerts()).toEqual([]);
  });

  it('raises 80 % drained at exactly 80 credits, once, and delivers it once', async () => {
    // 79 credits: not yet.
    await post('702', '2026-11-20T08:00:00Z', 1);
    expect((await pool()).percentDrained).toBe('78.00');
    await post('703', '2026-11-20T08:30:00Z', 1);
    expect(await pool()).toMatchObject({ used: '80', percentDrained: '80.00', reached: [80] });
    // Two ticks at once and one after: the unique key lets one alert through.
    await Promise.all([budgetTick(b.services), budgetTick(b.services)]);
    await budgetTick(b.services);
    const raised = await alerts();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ type: 'credits.pool_drained', scope: 'pool', threshold: 80 });
    expect(raised[0]!.delivery).toBe('delivered');
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({
      type: 'credits.pool_drained',
      scope: 'pool',
      value: '',
      period: '2026-11',
      threshold: 80,
      currency: 'credits',
      budget: '100',
      spent: '80',
      forecast: null,
    });
  });

  it('raises 100 % drained once the pool is spent, and the day it ran out', async () => {
    // 98 credits, then 102: past the pool, the rest is overage.
    await post('704', '2026-11-20T09:00:00Z', 9);
    await budgetTick(b.services);
    expect((await alerts()).map((a) => a.threshold)).toEqual([80]);
    await post('705', '2026-11-20T09:30:00Z', 2);
    expect(await pool()).toMatchObject({
      used: '102',
      remaining: '0',
      percentDrained: '102.00',
      reached: [80, 100],
      exhaustsOn: '2026-11-20',
      exhausted: true,
    });
    await budgetTick(b.services);
    await budgetTick(b.services);
    expect((await alerts()).map((a) => a.threshold).sort()).toEqual([100, 80]);
    expect(receiver.requests.map((r) => JSON.parse(r.body).threshold)).toEqual([80, 100]);
  });

  it('has no pool under a plan that is not a credits plan', async () => {
    const other = await b.services.tenants.create('other');
    await activatePlan(b, 'other', USAGE_PLAN);
    const view = await call(b, 'GET', '/v1/budgets', { token: await appToken(other, b.clock) });
    expect(view.json.creditPool).toBeNull();
  });
});
