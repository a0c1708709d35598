/**
 * A tenant that gave the backend Zendesk API access: the backend reads tickets from Zendesk
 * itself (the browser's activity is only a hint) and lets an admin's plan choice, read back from
 * the installation's settings, authorise activation. "Zendesk" here is the workspace's
 * emulation of its API, serving the demo fixtures over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { parsePlan, priceTicketOver, singlePlanTimeline } from '../../src/pricing/index.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import { mapTicket } from '../../src/zendesk/mapping.js';
import { parseSettings } from '../../src/zendesk/settings.js';
import { auditSchema, ticketSchema, userSchema } from '../../src/zendesk/shapes.js';
import {
  appToken,
  type Backend,
  backendTest,
  call,
  ENGINES,
  OUTCOME_PLAN,
  USAGE_PLAN,
} from './harness.js';
import { emulatedZendesk } from './zendesk-emulation.js';

const emulation = emulatedZendesk({ pageSize: 2 });
const store = emulation.store;

describe.each(ENGINES)('with Zendesk API access, on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let token: string;

  backendTest.beforeAll(async ({ backends }) => {
    b = await backends.start(engine, { ZENDESK_API_BASE: emulation.url });
    acme = await b.services.tenants.create('acme');
    await b.services.tenants.setZendeskAccess('acme', 'admin@acme.example', 'api-token', 77);
    const tenant = (await b.services.tenants.byAccount('acme'))!;
    for (const plan of [OUTCOME_PLAN, USAGE_PLAN])
      await b.services.plans.saveVersion(tenant.id, parsePlan(plan));
    await b.services.plans.activate(
      tenant.id,
      'fin-style',
      1,
      new Date('2026-01-01T00:00:00Z'),
      'test',
      false,
    );
    token = await appToken(acme, b.clock);
  });

  it('prices what Zendesk shows, whatever the browser claims', async () => {
    const claimed = {
      ticketId: '103',
      usage: [{ id: 'fake', at: '2026-11-20T10:00:00Z', metric: 'conversation', quantity: 1000 }],
      lifecycle: [{ at: '2026-11-20T10:00:00Z', type: 'status', status: 'solved' }],
    };
    const put = await call(b, 'PUT', '/v1/tickets/103', {
      token,
      body: { revision: 1, activity: claimed },
    });
    expect(put.status).toBe(200);
    expect(put.json.source).toBe('zendesk');
    const entry = store.ticket(103)!;
    const { activity } = mapTicket({
      ticket: ticketSchema.parse(entry.ticket),
      audits: entry.audits.map((a) => auditSchema.parse(a)),
      users: store.fixtures.users.map((u) => userSchema.parse(u)),
      settings: parseSettings(store.fixtures.settings),
    });
    // The ledger prices over the account's timeline (here one activation): lines name their plan.
    const timeline = singlePlanTimeline(parsePlan(OUTCOME_PLAN));
    const expected = priceTicketOver(timeline, activity, { asOf: b.clock });
    expect(put.json.breakdown).toEqual(expected);
    expect(put.json.activity.usage.map((u: { id: string }) => u.id)).not.toContain('fake');
  });

  it('activates a plan only when the installation’s settings in Zendesk name it', async () => {
    store.fixtures.settings.active_plan = 'fin-style@1';
    const refused = await call(b, 'POST', '/v1/plans/per-use/versions/1/activate', {
      token,
      body: {},
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('activation_not_selected');
    store.fixtures.settings.active_plan = 'per-use@1';
    const accepted = await call(b, 'POST', '/v1/plans/per-use/versions/1/activate', {
      token,
      body: { activatedBy: 'Avery Admin' },
    });
    expect(accepted.status).toBe(200);
    expect((await call(b, 'GET', '/v1/plans/active', { token })).json.plan.id).toBe('per-use');
    const history = (await call(b, 'GET', '/v1/plans', { token })).json.activations;
    expect(history[0]).toMatchObject({
      planId: 'per-use',
      version: 1,
      // The body's claim is not what is recorded: Zendesk's word is.
      activatedBy: "a Zendesk admin (installation 77's active_plan setting)",
      viaZendesk: true,
    });
  });

  it('refuses an activation in the past: history stays priced under the plan in force', async () => {
    store.fixtures.settings.active_plan = 'fin-style@1';
    const from = new Date(b.clock.getTime() - 3_600_000).toISOString();
    const response = await call(b, 'POST', '/v1/plans/fin-style/versions/1/activate', {
      token,
      body: { effectiveFrom: from },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.field).toBe('effectiveFrom');
    expect((await call(b, 'GET', '/v1/plans/active', { token })).json.plan.id).toBe('per-use');
  });

  it('activates from a later date: the earlier plan stays active until then', async () => {
    // The plan the previous test activated through Zendesk, here the operator's way, so that this
    // test also passes run alone.
    const tenant = (await b.services.tenants.byAccount('acme'))!;
    await b.services.plans.activate(tenant.id, 'per-use', 1, b.clock, 'test', false);
    store.fixtures.settings.active_plan = 'fin-style@1';
    const from = new Date(b.clock.getTime() + 86_400_000).toISOString();
    const response = await call(b, 'POST', '/v1/plans/fin-style/versions/1/activate', {
      token,
      body: { effectiveFrom: from },
    });
    expect(response.status).toBe(200);
    const before = (await call(b, 'GET', '/v1/plans/active', { token })).json.plan.id;
    expect(before).toBe('per-use');
    const saved = b.clock;
    b.clock = new Date(b.clock.getTime() + 2 * 86_400_000);
    try {
      const later = await appToken(acme, b.clock);
      expect((await call(b, 'GET', '/v1/plans/active', { token: later })).json.plan.id).toBe(
        'fin-style',
      );
    } finally {
      b.clock = saved;
    }
  });
});
