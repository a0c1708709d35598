/**
 * Budgets and alerts (issue 14) on both engines: an admin's budgets, authorised by Zendesk
 * (the installation's `budget_change` setting holds the change's digest); bad input a 400
 * naming the field with nothing stored; spend thresholds raised at exactly their share and once
 * only; the forecast alert; each alert delivered as a signed webhook to a real local receiver
 * that fails twice and is retried with backoff until it accepts; one account never sees
 * another's budgets or alerts. "Zendesk" is the workspace's emulation of its API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BudgetsInput, changeDigest } from '../../src/api/budgets.js';
import { checkWebhookSignature } from '../../src/server/auth/webhook-signature.js';
import { deliveriesOf } from '../../src/server/budgets/delivery.js';
import { budgetTick } from '../../src/server/budgets/ticker.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import { type Receiver, startReceiver, usage } from './alert-receiver.js';
import {
  activatePlan,
  appToken,
  type Backend,
  call,
  ENGINES,
  startBackend,
  USAGE_PLAN,
} from './harness.js';
import { emulatedZendesk } from './zendesk-emulation.js';

const emulation = emulatedZendesk();
const store = emulation.store;

describe.each(ENGINES)('budgets and alerts on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let other: TenantSecrets;
  let admin: string;
  let otherToken: string;
  let receiver: Receiver;

  const post = async (secrets: TenantSecrets, events: unknown[]) => {
    const r = await call(b, 'POST', '/v1/usage-events', {
      token: secrets.ingestKey,
      body: { events },
    });
    expect(r.status).toBe(200);
  };
  /** What the admin page does: the digest into Zendesk's setting, then the change. */
  const setBudgets = async (body: BudgetsInput, token = admin) => {
    store.fixtures.settings.budget_change = await changeDigest('budgets', body);
    return call(b, 'PUT', '/v1/budgets', { token, body });
  };
  const budgetsOf = async (token: string) => (await call(b, 'GET', '/v1/budgets', { token })).json;
  const alertsOf = async (token: string) =>
    (await call(b, 'GET', '/v1/alerts', { token })).json.alerts as {
      id: string;
      type: string;
      scope: string;
      value: string;
      threshold: number;
      spent: string;
      delivery: string;
      attempts: number;
    }[];

  beforeAll(async () => {
    // The local receiver is on loopback over http: the guard's explicit opt-in for tests.
    b = await startBackend(engine, {
      ZENDESK_API_BASE: emulation.url,
      ALERT_WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
    });
    acme = await b.services.tenants.create('acme');
    other = await b.services.tenants.create('other');
    await activatePlan(b, 'acme', USAGE_PLAN);
    await activatePlan(b, 'other', USAGE_PLAN);
    admin = await appToken(acme, b.clock);
    otherToken = await appToken(other, b.clock);
    await b.services.tenants.setZendeskAccess('acme', 'admin@acme.example', 'api-token', 77);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await b.close();
  });

  /** The budgets and destination the delivery tests expect; changes nothing once set. */
  const prepare = async () => {
    expect((await setBudgets(ACCOUNT_BUDGET)).status).toBe(200);
    const current = await budgetsOf(admin);
    if (current.destination?.url === receiver.url) return;
    store.fixtures.settings.budget_change = await changeDigest('alert-destination', {
      url: receiver.url,
    });
    const set = await call(b, 'PUT', '/v1/alerts/destination', {
      token: admin,
      body: { url: receiver.url },
    });
    expect(set.status).toBe(200);
  };

  const ACCOUNT_BUDGET: BudgetsInput = {
    currency: 'USD',
    account: '10.00',
    groups: {},
    tools: { refund: '2.00' },
  };

  it.each([
    [{ ...ACCOUNT_BUDGET, account: '-1.00' }, 'account'],
    [{ ...ACCOUNT_BUDGET, account: '10.001' }, 'account'],
    [{ ...ACCOUNT_BUDGET, account: '0.00' }, 'account'],
    [{ ...ACCOUNT_BUDGET, account: 10 }, 'account'],
    [{ ...ACCOUNT_BUDGET, tools: { refund: '0' } }, 'tools.refund'],
    [{ ...ACCOUNT_BUDGET, groups: { Support: '1e3' } }, 'groups.Support'],
    [{ ...ACCOUNT_BUDGET, currency: 'US' }, 'currency'],
    [{ ...ACCOUNT_BUDGET, currency: 'JPY', account: '10.5' }, 'account'],
    [{ currency: 'USD', account: '1.00', groups: {} }, 'tools'],
    [{ ...ACCOUNT_BUDGET, owner: 'me' }, 'owner'],
  ])('refuses %j with a 400 naming %j, and stores nothing', async (body, field) => {
    const before = await budgetsOf(admin);
    const response = await setBudgets(body as BudgetsInput);
    expect(response.status).toBe(400);
    expect(response.json.error.field ?? '').toBe(field);
    expect(await budgetsOf(admin)).toEqual(before);
  });

  it('refuses a change Zendesk does not show an admin made (403), and stores nothing', async () => {
    const before = await budgetsOf(admin);
    store.fixtures.settings.budget_change = await changeDigest('budgets', {
      ...ACCOUNT_BUDGET,
      account: '99.00',
    });
    const forged = await call(b, 'PUT', '/v1/budgets', { token: admin, body: ACCOUNT_BUDGET });
    expect(forged.status).toBe(403);
    expect(forged.json.error.code).toBe('budget_change_not_selected');
    // An account without Zendesk API access cannot change budgets at all.
    const none = await setBudgets(ACCOUNT_BUDGET, otherToken);
    expect(none.status).toBe(403);
    expect(none.json.error.code).toBe('budget_change_no_credentials');
    expect(await budgetsOf(admin)).toEqual(before);
  });

  it('raises each spend threshold at exactly its share, once, and the forecast alert', async () => {
    const set = await setBudgets(ACCOUNT_BUDGET);
    expect(set.status).toBe(200);
    store.fixtures.settings.budget_change = await changeDigest('alert-destination', {
      url: receiver.url,
    });
    const destination = await call(b, 'PUT', '/v1/alerts/destination', {
      token: admin,
      body: { url: receiver.url },
    });
    expect(destination.status).toBe(200);
    const secret = destination.json.secret as string;
    expect(secret).toMatch(/^aicm_al_/);

    // Today is the 20th (the backend's clock). 4.90 today: under 50 % of 10.00.
    await post(acme, usage('301', '2026-11-20T09:00:00Z', 9, 4, 'crm'));
    await budgetTick(b.services);
    let view = await budgetsOf(admin);
    expect(view.period).toBe('2026-11');
    expect(view.budgets[0]).toMatchObject({ scope: 'account', confirmed: '4.90', reached: [] });
    expect(await alertsOf(admin)).toEqual([]);

    // One more tool call: exactly 5.00, 50 % reached.
    await post(acme, usage('301', '2026-11-20T09:30:00Z', 0, 1, 'crm'));
    expect((await budgetTick(b.services)).raised).toBe(1);
    expect((await budgetTick(b.services)).raised).toBe(0);
    let alerts = await alertsOf(admin);
    expect(alerts.map((a) => [a.scope, a.threshold, a.spent])).toEqual([['account', 50, '5.00']]);

    // To exactly 10.00 (8.00 on its way is passed in one go): 80 % and 100 % at once; the
    // forecast is exactly the budget, which does not pass it.
    await post(acme, usage('302', '2026-11-20T10:00:00Z', 10));
    expect((await budgetTick(b.services)).raised).toBe(2);
    view = await budgetsOf(admin);
    expect(view.budgets[0]).toMatchObject({
      confirmed: '10.00',
      percentUsed: '100.00',
      reached: [50, 80, 100],
    });
    expect(view.budgets[0].forecast).toMatchObject({ expected: '10.00', exceeds: false });

    // A cent more passes it: the forecast alert, once.
    await post(acme, usage('302', '2026-11-20T10:05:00Z', 0, 1, 'crm'));
    expect((await budgetTick(b.services)).raised).toBe(1);
    expect((await budgetTick(b.services)).raised).toBe(0);
    alerts = await alertsOf(admin);
    expect(alerts.map((a) => [a.type, a.threshold]).sort()).toEqual([
      ['budget.forecast_exceeded', 100],
      ['budget.threshold_reached', 100],
      ['budget.threshold_reached', 50],
      ['budget.threshold_reached', 80],
    ]);
    // Every one went to the receiver, signed, and was delivered at its first attempt.
    expect(alerts.every((a) => a.delivery === 'delivered' && a.attempts === 1)).toBe(true);
    expect(receiver.requests).toHaveLength(4);
    for (const request of receiver.requests) {
      const check = checkWebhookSignature(
        secret,
        request.headers['x-aicm-signature'] as string,
        request.headers['x-aicm-signature-timestamp'] as string,
        request.body,
        b.clock,
      );
      expect(check).toEqual({ ok: true });
      const body = JSON.parse(request.body);
      expect(body.account).toBe('acme');
      expect(request.headers['x-aicm-alert-id']).toBe(body.id);
    }
    // The tool's budget saw none of it: no call was a refund.
    expect(view.budgets.find((x: { scope: string }) => x.scope === 'tool')).toMatchObject({
      value: 'refund',
      confirmed: '0.00',
    });
  });

  it('retries a failing receiver with backoff until it accepts, logging every attempt', async () => {
    await prepare();
    receiver.failures = 3;
    receiver.requests.length = 0;
    // 2.00 on the refund tool: its 50 %, 80 % and 100 % at once, three alerts; each is
    // refused once (500) and accepted at its second attempt.
    await post(acme, usage('303', '2026-11-20T11:00:00Z', 0, 20, 'refund'));
    expect((await budgetTick(b.services)).delivered).toBe(0);
    const raised = (await alertsOf(admin)).filter((a) => a.scope === 'tool');
    expect(raised.map((a) => a.threshold).sort((x, y) => x - y)).toEqual([50, 80, 100]);
    expect(receiver.requests).toHaveLength(3); // each failed (500)
    // Not before the backoff: 10 s after the first failure.
    b.clock = new Date(b.clock.getTime() + 9_000);
    await budgetTick(b.services);
    expect(receiver.requests).toHaveLength(3);
    b.clock = new Date(b.clock.getTime() + 1_000);
    expect((await budgetTick(b.services)).delivered).toBe(3);
    expect(receiver.requests).toHaveLength(6);
    const tool = (await alertsOf(admin)).filter((a) => a.scope === 'tool');
    expect(tool.every((a) => a.delivery === 'delivered' && a.attempts === 2)).toBe(true);
    const tenant = (await b.services.tenants.byAccount('acme'))!;
    const log = await deliveriesOf(b.services.database.db, tenant.id, Number(tool[0]!.id));
    expect(log.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    // Each alert reached the receiver twice, the same body each time, signed each time.
    const bodies = new Map<string, Set<string>>();
    for (const r of receiver.requests) {
      const id = r.headers['x-aicm-alert-id'] as string;
      bodies.set(id, (bodies.get(id) ?? new Set()).add(r.body));
    }
    expect([...bodies.values()].map((set) => set.size)).toEqual([1, 1, 1]);
    b.clock = new Date('2026-11-20T12:00:00Z');
  });

  it('keeps each account’s budgets and alerts to itself', async () => {
    await prepare();
    await budgetTick(b.services);
    const acmeBefore = await budgetsOf(admin);
    await post(other, usage('301', '2026-11-20T09:00:00Z', 100));
    await budgetTick(b.services);
    const view = await budgetsOf(otherToken);
    expect(view.budgets).toEqual([]);
    expect(view.destination).toBeNull();
    expect(await alertsOf(otherToken)).toEqual([]);
    // acme's standing counts none of other's spend, on its ticket of the same id too.
    expect(await budgetsOf(admin)).toEqual(acmeBefore);
  });

  it('refuses a bad destination URL and a bad month naming the field', async () => {
    for (const url of ['ftp://x.example/', 'not a url', 'https://user:pw@x.example/']) {
      store.fixtures.settings.budget_change = await changeDigest('alert-destination', { url });
      const r = await call(b, 'PUT', '/v1/alerts/destination', { token: admin, body: { url } });
      expect(r.status).toBe(400);
      expect(r.json.error.field).toBe('url');
    }
    const month = await call(b, 'GET', '/v1/alerts?period=2026-13', { token: admin });
    expect(month.status).toBe(400);
    expect(month.json.error.field).toBe('period');
  });

  it('forecasts a budget from the completed days: 1.90 in 19 days, 10 left, is 2.90', async () => {
    await post(acme, usage('304', '2026-11-05T10:00:00Z', 0, 19, 'kb'));
    const set = await setBudgets({ ...ACCOUNT_BUDGET, tools: { refund: '2.00', kb: '3.00' } });
    expect(set.status).toBe(200);
    const kb = set.json.budgets.find((x: { value: string }) => x.value === 'kb');
    // 19 completed days spent 1.90 (mean 0.10), nothing today, the 21st to the 30th projected
    // at the mean: 1.90 + 10 × 0.10 = 2.90; at the cheapest day (0.00) 1.90, at the dearest
    // (1.90) 1.90 + 10 × 1.90 = 20.90.
    expect(kb).toMatchObject({ confirmed: '1.90', percentUsed: '63.33', reached: [50] });
    expect(kb.forecast).toEqual({
      method: 'completed-days-mean',
      basisDays: 19,
      projectedDays: 10,
      expected: '2.90',
      low: '1.90',
      high: '20.90',
      exceeds: false,
    });
  });
});
