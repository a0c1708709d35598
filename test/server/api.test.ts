/**
 * The backend's API, route by route, on each database engine.
 */
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/pricing/index.js';
import { signWebhook } from '../../src/server/auth/webhook-signature.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import {
  activatePlan,
  appToken,
  type Backend,
  backendTest,
  call,
  ENGINES,
  OUTCOME_PLAN,
  USAGE_PLAN,
} from './harness.js';

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  ticketId: '100',
  id,
  at: '2026-11-20T10:00:00Z',
  metric: 'tool_call',
  tool: 'crm',
  quantity: 1,
  ...extra,
});

const activity = (ticketId: string, lifecycle: unknown[] = [], usage: unknown[] = []) => ({
  ticketId,
  usage,
  lifecycle,
  attributes: { channel: 'web', priority: 'normal', tags: [] },
});

describe.each(ENGINES)('backend API on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let other: TenantSecrets;
  let token: string;

  backendTest.beforeAll(async ({ backends }) => {
    b = await backends.start(engine);
    acme = await b.services.tenants.create('acme');
    other = await b.services.tenants.create('other');
    for (const secrets of [acme, other]) {
      await activatePlan(b, secrets.account, USAGE_PLAN);
    }
    token = await appToken(acme, b.clock);
  });

  // What the earlier tests of this file leave behind, for the tests that read it, so that each
  // test also passes run alone. Every step is idempotent (an event posted again is a duplicate,
  // a revision synced again changes nothing, a plan version is saved only if missing), so after
  // the earlier tests it changes nothing.
  const ticket100Events = [
    event('u1'),
    event('u2', { metric: 'conversation', tool: undefined }),
    event('u3'),
  ];
  const ticket200Open = activity(
    '200',
    [{ at: '2026-11-20T09:00:00Z', type: 'status', status: 'open' }],
    [{ id: 'a1', at: '2026-11-20T09:00:00Z', metric: 'conversation', quantity: 1 }],
  );
  // A sync carries the ticket's derived usage whole: a snapshot of its revision.
  const ticket200Solved = activity(
    '200',
    [
      { at: '2026-11-20T09:00:00Z', type: 'status', status: 'open' },
      { at: '2026-11-20T09:30:00Z', type: 'status', status: 'solved' },
    ],
    [{ id: 'a1', at: '2026-11-20T09:00:00Z', metric: 'conversation', quantity: 1 }],
  );
  async function givenTicket100(): Promise<void> {
    await call(b, 'POST', '/v1/usage-events', {
      token: acme.ingestKey,
      body: { events: ticket100Events },
    });
  }
  async function givenTicket200(revision: 5 | 6): Promise<void> {
    await call(b, 'POST', '/v1/usage-events', {
      token: acme.ingestKey,
      body: { events: [event('p1', { ticketId: '200' })] },
    });
    await call(b, 'PUT', '/v1/tickets/200', {
      token,
      body: { revision: 5, activity: ticket200Open },
    });
    if (revision === 6) {
      await call(b, 'PUT', '/v1/tickets/200', {
        token,
        body: { revision: 6, activity: ticket200Solved },
      });
    }
  }
  async function givenFinStyleVersions(): Promise<void> {
    const tenant = (await b.services.tenants.byAccount('acme'))!;
    const saved = (await b.services.plans.list(tenant.id)).filter((v) => v.plan.id === 'fin-style');
    const versions = [OUTCOME_PLAN, { ...OUTCOME_PLAN, pricePerResolution: '1.20' }];
    for (const plan of versions.slice(saved.length)) {
      await b.services.plans.saveVersion(tenant.id, parsePlan(plan));
    }
  }

  it('answers health, metrics and the OpenAPI document', async () => {
    expect((await call(b, 'GET', '/healthz')).json).toEqual({
      status: 'ok',
      engine: engine.kind,
    });
    const metrics = await call(b, 'GET', '/metrics');
    expect(metrics.text).toMatch(/process_resident_memory_bytes \d+/);
    const doc = await call(b, 'GET', '/openapi.json');
    expect(doc.json.openapi).toBe('3.1.0');
    expect(Object.keys(doc.json.paths)).toContain('/v1/usage-events');
    expect(JSON.stringify(doc.json.paths['/v1/usage-events'].post.requestBody)).toContain(
      'ticketId',
    );
  });

  describe('usage events', () => {
    it('accepts a batch, then counts its replay as duplicates, and reports conflicts', async () => {
      const batch = {
        events: [event('u1'), event('u2', { metric: 'conversation', tool: undefined })],
      };
      const first = await call(b, 'POST', '/v1/usage-events', {
        token: acme.ingestKey,
        body: batch,
      });
      expect(first.status).toBe(200);
      expect(first.json).toEqual({ accepted: 2, duplicates: 0, conflicts: [] });
      const again = await call(b, 'POST', '/v1/usage-events', {
        token: acme.ingestKey,
        body: batch,
      });
      expect(again.json).toEqual({ accepted: 0, duplicates: 2, conflicts: [] });
      const conflicting = await call(b, 'POST', '/v1/usage-events', {
        token: acme.ingestKey,
        body: { events: [event('u1', { quantity: 5 }), event('u3'), event('u3')] },
      });
      expect(conflicting.json.accepted).toBe(1);
      expect(conflicting.json.duplicates).toBe(1);
      expect(conflicting.json.conflicts).toEqual([
        { id: 'u1', ticketId: '100', reason: expect.stringMatching(/quantity/) },
      ]);
      // The ticket is priced from the ledger: u1 once (quantity 1), u3, and the conversation.
      const view = await call(b, 'GET', '/v1/tickets/100', { token });
      expect(view.status).toBe(200);
      expect(view.json.breakdown.total).toBe('0.70');
      expect(view.json.activity.usage.map((u: { id: string }) => u.id).sort()).toEqual([
        'u1',
        'u2',
        'u3',
      ]);
    });

    it('refuses a batch with one bad event whole, naming index and field', async () => {
      await givenTicket100();
      const response = await call(b, 'POST', '/v1/usage-events', {
        token: acme.ingestKey,
        body: { events: [event('v1'), event('v2', { quantity: -1 })] },
      });
      expect(response.status).toBe(400);
      expect(response.json.error.field).toBe('events[1].quantity');
      const view = await call(b, 'GET', '/v1/tickets/100', { token });
      expect(view.json.activity.usage.map((u: { id: string }) => u.id)).not.toContain('v1');
    });

    it('refuses more than 1000 events, an empty batch, and unknown fields', async () => {
      const many = Array.from({ length: 1001 }, (_, i) => event(`m${i}`));
      expect(
        (
          await call(b, 'POST', '/v1/usage-events', {
            token: acme.ingestKey,
            body: { events: many },
          })
        ).status,
      ).toBe(400);
      expect(
        (await call(b, 'POST', '/v1/usage-events', { token: acme.ingestKey, body: { events: [] } }))
          .status,
      ).toBe(400);
      const extra = await call(b, 'POST', '/v1/usage-events', {
        token: acme.ingestKey,
        body: { events: [event('x', { cost: 1 })] },
      });
      expect(extra.json.error.field).toBe('events[0].cost');
    });

    it('refuses a wrong key, a JWT in place of a key, and a body that is not JSON', async () => {
      expect(
        (
          await call(b, 'POST', '/v1/usage-events', {
            token: 'aicm_ik_nottherightkeyatallxxxxx',
            body: { events: [event('w')] },
          })
        ).status,
      ).toBe(401);
      expect(
        (await call(b, 'POST', '/v1/usage-events', { token, body: { events: [event('w')] } }))
          .status,
      ).toBe(401);
      const notJson = await call(b, 'POST', '/v1/usage-events', {
        token: acme.ingestKey,
        raw: '{"events": [',
        headers: { 'content-type': 'application/json' },
      });
      expect(notJson.status).toBe(400);
      expect(notJson.json.error.code).toBe('invalid_json');
    });
  });

  describe('ticket sync', () => {
    it('merges the sidebar activity with posted usage and answers the breakdown', async () => {
      await call(b, 'POST', '/v1/usage-events', {
        token: acme.ingestKey,
        body: { events: [event('p1', { ticketId: '200' })] },
      });
      const sent = activity(
        '200',
        [{ at: '2026-11-20T09:00:00Z', type: 'status', status: 'open' }],
        [{ id: 'a1', at: '2026-11-20T09:00:00Z', metric: 'conversation', quantity: 1 }],
      );
      const put = await call(b, 'PUT', '/v1/tickets/200', {
        token,
        body: { revision: 5, activity: sent },
      });
      expect(put.status).toBe(200);
      expect(put.json).toMatchObject({
        ticketId: '200',
        revision: 5,
        applied: true,
        plan: { id: 'per-use', version: 1 },
      });
      expect(put.json.breakdown.total).toBe('0.60'); // conversation 0.50 + posted tool call 0.10
      expect(put.json.activity.usage).toHaveLength(2);
    });

    it('never lets an older revision overwrite a newer one', async () => {
      await givenTicket200(5);
      const solved = ticket200Solved;
      const older = await call(b, 'PUT', '/v1/tickets/200', {
        token,
        body: { revision: 4, activity: solved },
      });
      expect(older.json.applied).toBe(false);
      expect(older.json.revision).toBe(5);
      expect(older.json.activity.lifecycle).toHaveLength(1);
      const newer = await call(b, 'PUT', '/v1/tickets/200', {
        token,
        body: { revision: 6, activity: solved },
      });
      expect(newer.json.applied).toBe(true);
      expect(newer.json.activity.lifecycle).toHaveLength(2);
      const same = await call(b, 'PUT', '/v1/tickets/200', {
        token,
        body: { revision: 6, activity: solved },
      });
      expect(same.json).toMatchObject({ applied: true, revision: 6 });
      expect(same.json.breakdown).toEqual(newer.json.breakdown);
    });

    it('refuses a body for another ticket, a bad revision, and answers 404 for an unknown ticket', async () => {
      const wrong = await call(b, 'PUT', '/v1/tickets/201', {
        token,
        body: { revision: 1, activity: activity('200') },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.json.error.field).toBe('activity.ticketId');
      const zero = await call(b, 'PUT', '/v1/tickets/201', {
        token,
        body: { revision: 0, activity: activity('201') },
      });
      expect(zero.json.error.field).toBe('revision');
      const badUsage = await call(b, 'PUT', '/v1/tickets/201', {
        token,
        body: {
          revision: 1,
          activity: activity(
            '201',
            [],
            [{ id: 'x', at: 'soon', metric: 'conversation', quantity: 1 }],
          ),
        },
      });
      expect(badUsage.json.error.field).toBe('activity.usage[0].at');
      expect((await call(b, 'GET', '/v1/tickets/999', { token })).status).toBe(404);
      expect((await call(b, 'GET', '/v1/tickets/bad%20id', { token })).status).toBe(400);
    });
  });

  describe('app tokens', () => {
    const attempts: [string, () => Promise<string>][] = [
      ['a wrong secret', () => appToken(acme, b.clock, { secret: other.sharedSecret })],
      ['another account', () => appToken(acme, b.clock, { iss: 'other' })],
      ['an unknown account', () => appToken(acme, b.clock, { iss: 'nobody' })],
      ['an expired token', () => appToken(acme, new Date(b.clock.getTime() - 3_600_000))],
      ['a token without exp', () => appToken(acme, b.clock, { noExp: true })],
      ['a token that lives a day', () => appToken(acme, b.clock, { expiresIn: 86_400 })],
      ['HS512', () => appToken(acme, b.clock, { alg: 'HS512' })],
    ];
    it.each(attempts)('refuses %s', async (_, make) => {
      const response = await call(b, 'GET', '/v1/tickets/200', { token: await make() });
      expect(response.status).toBe(401);
      expect(response.json.error.code).toBe('unauthorized');
    });

    it('refuses alg none and a missing header', async () => {
      const claims = Buffer.from(
        JSON.stringify({ iss: 'acme', exp: Math.floor(b.clock.getTime() / 1000) + 60 }),
      ).toString('base64url');
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${claims}.`;
      expect((await call(b, 'GET', '/v1/tickets/200', { token: none })).status).toBe(401);
      expect((await call(b, 'GET', '/v1/tickets/200')).status).toBe(401);
    });
  });

  describe('tenant isolation', () => {
    it('keeps each account to its own tickets, usage and plans', async () => {
      const otherToken = await appToken(other, b.clock);
      expect((await call(b, 'GET', '/v1/tickets/200', { token: otherToken })).status).toBe(404);
      // The other account syncs a ticket with the same id: acme's stays as it was.
      const before = (await call(b, 'GET', '/v1/tickets/200', { token })).json;
      await call(b, 'PUT', '/v1/tickets/200', {
        token: otherToken,
        body: { revision: 99, activity: activity('200') },
      });
      await call(b, 'POST', '/v1/usage-events', {
        token: other.ingestKey,
        body: { events: [event('p1', { ticketId: '200', quantity: 9 })] },
      });
      expect((await call(b, 'GET', '/v1/tickets/200', { token })).json).toEqual(before);
      const otherView = (await call(b, 'GET', '/v1/tickets/200', { token: otherToken })).json;
      expect(otherView.revision).toBe(99);
      expect(otherView.breakdown.total).toBe('0.90'); // its own p1, quantity 9, no conflict with acme's
      const tenant = (await b.services.tenants.byAccount('other'))!;
      await b.services.plans.saveVersion(
        tenant.id,
        parsePlan({ ...OUTCOME_PLAN, id: 'other-only' }),
      );
      const acmePlans = (await call(b, 'GET', '/v1/plans', { token })).json;
      expect(acmePlans.versions.map((v: { plan: { id: string } }) => v.plan.id)).not.toContain(
        'other-only',
      );
      const summary = await call(
        b,
        'GET',
        '/v1/reports/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=month',
        { token: otherToken },
      );
      expect(
        summary.json.rows.reduce((n: number, r: { tickets: number }) => n + r.tickets, 0),
      ).toBe(1);
    });
  });

  describe('plans', () => {
    it('numbers saved versions, keeps them, and answers the active plan', async () => {
      const first = await call(b, 'POST', '/v1/plans', {
        token,
        body: { plan: { ...OUTCOME_PLAN, version: undefined } },
      });
      expect(first.status).toBe(201);
      const second = await call(b, 'POST', '/v1/plans', {
        token,
        body: { plan: { ...OUTCOME_PLAN, pricePerResolution: '1.20' } },
      });
      expect([first.json.plan.version, second.json.plan.version]).toEqual([1, 2]);
      const list = (await call(b, 'GET', '/v1/plans', { token })).json;
      expect(
        list.versions.filter((v: { plan: { id: string } }) => v.plan.id === 'fin-style'),
      ).toHaveLength(2);
      expect(list.active).toEqual({ id: 'per-use', version: 1 });
      expect((await call(b, 'GET', '/v1/plans/active', { token })).json.plan.id).toBe('per-use');
    });

    it('makes no new version of a plan saved again unchanged', async () => {
      const plan = { ...OUTCOME_PLAN, id: 'same-again', confirmationWindowHours: 48 };
      const first = await call(b, 'POST', '/v1/plans', { token, body: { plan } });
      // The same terms with the keys in another order, and another version number.
      const reordered = Object.fromEntries(Object.entries({ ...plan, version: 7 }).reverse());
      const again = await call(b, 'POST', '/v1/plans', { token, body: { plan: reordered } });
      expect([first.status, again.status]).toEqual([201, 200]);
      expect([first.json.created, again.json.created]).toEqual([true, false]);
      expect(again.json.plan).toEqual(first.json.plan);
      const changed = await call(b, 'POST', '/v1/plans', {
        token,
        body: { plan: { ...plan, confirmationWindowHours: 24 } },
      });
      expect([changed.status, changed.json.plan.version]).toEqual([201, 2]);
      const list = (await call(b, 'GET', '/v1/plans', { token })).json;
      expect(
        list.versions.filter((v: { plan: { id: string } }) => v.plan.id === 'same-again'),
      ).toHaveLength(2);
    });

    it('refuses an invalid plan naming the field', async () => {
      const bad = await call(b, 'POST', '/v1/plans', {
        token,
        body: { plan: { ...OUTCOME_PLAN, pricePerResolution: 0.99 } },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.field).toBe('plan.pricePerResolution');
    });

    it('previews a draft beside the active plan on recent tickets', async () => {
      const preview = await call(b, 'POST', '/v1/plans/preview', {
        token,
        body: { plan: OUTCOME_PLAN, days: 30 },
      });
      expect(preview.status).toBe(200);
      expect(preview.json.plans.map((p: { planId: string }) => p.planId)).toEqual([
        'per-use',
        'fin-style',
      ]);
      expect(preview.json.breakEven).toHaveLength(1);
    });

    it('refuses activation that Zendesk has not confirmed, whatever the browser says', async () => {
      await givenFinStyleVersions();
      const response = await call(b, 'POST', '/v1/plans/fin-style/versions/1/activate', {
        token,
        body: { activatedBy: 'admin (claimed)' },
      });
      expect(response.status).toBe(403);
      expect(response.json.error.code).toBe('activation_no_credentials');
      expect((await call(b, 'GET', '/v1/plans/active', { token })).json.plan.id).toBe('per-use');
    });
  });

  describe('reports', () => {
    it('summarises by day, in JSON and in CSV', async () => {
      await givenTicket100();
      await givenTicket200(6);
      const path =
        '/v1/reports/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=day';
      const json = await call(b, 'GET', path, { token });
      expect(json.status).toBe(200);
      expect(json.json.rows.length).toBeGreaterThan(0);
      const total = json.json.rows.reduce((n: number, r: { tickets: number }) => n + r.tickets, 0);
      expect(total).toBe(2);
      const csv = await call(b, 'GET', path, { token, headers: { accept: 'text/csv' } });
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      expect(csv.text.split('\r\n')[0]).toBe(
        'key,currency,tickets,aiTickets,totalCost,provisionalCost,aiResolutions,assisted,escalated,costPerResolution,costPerResolvedTicket',
      );
      expect(csv.text.trim().split('\r\n')).toHaveLength(json.json.rows.length + 1);
    });

    it('lists the most expensive tickets first and compares plans', async () => {
      await givenTicket100();
      await givenTicket200(6);
      await givenFinStyleVersions();
      const top = await call(
        b,
        'GET',
        '/v1/reports/top-tickets?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z',
        { token },
      );
      expect(top.json.rows.map((r: { ticketId: string }) => r.ticketId)).toEqual(['100', '200']);
      const compare = await call(
        b,
        'GET',
        '/v1/reports/compare?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&plans=per-use@1,fin-style@2',
        { token },
      );
      expect(compare.status).toBe(200);
      expect(
        compare.json.plans.map((p: { planId: string; totalCost: string }) => [
          p.planId,
          p.totalCost,
        ]),
      ).toEqual([
        ['per-use', '1.30'],
        ['fin-style', '0.00'],
      ]);
      expect(compare.json.differences).toEqual([
        { ticketId: '100', amounts: ['0.70', '0.00'] },
        { ticketId: '200', amounts: ['0.60', '0.00'] },
      ]);
      expect(compare.json.costLines.map((l: { planId: string }) => l.planId)).toEqual([
        'per-use@1',
        'fin-style@2',
      ]);
    });

    it('refuses a range that ends before it starts, and an unknown grouping', async () => {
      expect(
        (
          await call(
            b,
            'GET',
            '/v1/reports/summary?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z',
            { token },
          )
        ).status,
      ).toBe(400);
      const bad = await call(
        b,
        'GET',
        '/v1/reports/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=colour',
        { token },
      );
      expect(bad.json.error.field).toBe('groupBy');
    });
  });

  describe('webhooks', () => {
    const deliver = (
      body: string,
      { secret = acme.webhookSecret, at = b.clock, account = 'acme' } = {},
    ) => {
      const timestamp = at.toISOString();
      return call(b, 'POST', `/v1/webhooks/zendesk/${account}`, {
        raw: body,
        headers: {
          'content-type': 'application/json',
          'x-zendesk-webhook-signature': signWebhook(secret, timestamp, body),
          'x-zendesk-webhook-signature-timestamp': timestamp,
        },
      });
    };

    it('applies a signed status change once, and refuses its replay', async () => {
      await givenTicket100();
      const body = JSON.stringify({
        ticket_id: '100',
        status: 'solved',
        updated_at: '2026-11-20T11:00:00Z',
      });
      const first = await deliver(body);
      expect(first.json).toEqual({ result: 'applied' });
      const view = (await call(b, 'GET', '/v1/tickets/100', { token })).json;
      expect(view.activity.lifecycle.at(-1)).toEqual({
        at: '2026-11-20T11:00:00Z',
        type: 'status',
        status: 'solved',
      });
      expect((await deliver(body)).status).toBe(409);
    });

    it('refuses a wrong secret, an old timestamp and another account’s secret', async () => {
      const body = JSON.stringify({ ticket_id: '100', status: 'open' });
      expect((await deliver(body, { secret: 'nope' })).status).toBe(401);
      expect((await deliver(body, { at: new Date(b.clock.getTime() - 600_000) })).status).toBe(401);
      expect((await deliver(body, { secret: other.webhookSecret })).status).toBe(401);
      expect((await deliver(body, { account: 'nobody' })).status).toBe(401);
    });
  });
});
