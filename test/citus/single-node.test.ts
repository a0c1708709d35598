/**
 * Every query of the main flow needs one tenant's rows only, so on Citus each runs on the one
 * node that holds them. The backend's connections here carry
 * `citus.multi_task_query_log_level = error`, which makes Citus refuse any query it would have
 * to spread over several shards: a request that needed two tenants' rows would answer a 500.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/server/auth/webhook-signature.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import {
  activatePlan,
  appToken,
  type Backend,
  call,
  type Engine,
  OUTCOME_PLAN,
  startBackend,
  USAGE_PLAN,
} from '../server/harness.js';

const url = new URL(process.env.CITUS_URL!);
url.searchParams.set('options', '-c citus.multi_task_query_log_level=error');
const engine: Engine = {
  name: 'citus, one shard a query',
  kind: 'postgres',
  target: () => ({ url: url.toString(), schema: `test_${randomBytes(6).toString('hex')}` }),
};

const MONTH = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';

describe('on Citus, the main flow', () => {
  let b: Backend;
  let acme: TenantSecrets;
  let token: string;

  beforeAll(async () => {
    b = await startBackend(engine, { RATE_LIMIT_PER_MINUTE: '1000000' });
    acme = await b.services.tenants.create('acme');
    const other = await b.services.tenants.create('other');
    for (const secrets of [acme, other]) await activatePlan(b, secrets.account, USAGE_PLAN);
    token = await appToken(acme, b.clock);
    // The other tenant has tickets too, so that a query missing its tenant would meet them.
    await call(b, 'POST', '/v1/usage-events', {
      token: other.ingestKey,
      body: {
        events: [
          {
            ticketId: '7',
            id: 'o1',
            at: '2026-11-19T10:00:00Z',
            metric: 'conversation',
            quantity: 1,
          },
        ],
      },
    });
  });
  afterAll(() => b.close());

  it('refuses a query over every shard on these connections', async () => {
    // The setting is in force: without it this test file would prove nothing.
    const refused = await b.services.database.db.execute(sql`SELECT count(*) FROM tickets`).then(
      () => null,
      (error: Error) => error,
    );
    expect((refused?.cause as Error | undefined)?.message).toMatch(/multi-task query/);
  });

  it('ingests and replays, syncs, reads and explains a ticket, and answers a signed webhook', async () => {
    const events = ['tool_call', 'tool_call', 'conversation'].map((metric, i) => ({
      ticketId: '100',
      id: `u${i}`,
      at: '2026-11-19T10:00:00Z',
      metric,
      ...(metric === 'tool_call' ? { tool: 'crm' } : {}),
      quantity: 1,
    }));
    const first = await call(b, 'POST', '/v1/usage-events', {
      token: acme.ingestKey,
      body: { events },
    });
    expect(first.json).toEqual({ accepted: 3, duplicates: 0, conflicts: [] });
    const replay = await call(b, 'POST', '/v1/usage-events', {
      token: acme.ingestKey,
      body: { events },
    });
    expect(replay.json).toEqual({ accepted: 0, duplicates: 3, conflicts: [] });
    const sync = await call(b, 'PUT', '/v1/tickets/101', {
      token,
      body: {
        revision: 1,
        activity: {
          ticketId: '101',
          usage: [{ id: 's1', at: '2026-11-19T11:00:00Z', metric: 'conversation', quantity: 1 }],
          lifecycle: [{ at: '2026-11-19T11:05:00Z', type: 'status', status: 'solved' }],
          attributes: { channel: 'web', priority: 'normal', tags: [] },
        },
      },
    });
    expect(sync.status).toBe(200);
    const ticket = await call(b, 'GET', '/v1/tickets/100', { token });
    expect(ticket.json.breakdown.total).toBe('0.70');
    const explanation = await call(b, 'GET', '/v1/tickets/100/explanation', { token });
    expect(explanation.status, explanation.text).toBe(200);
    const body = JSON.stringify({
      ticket_id: '101',
      status: 'open',
      updated_at: '2026-11-19T12:00:00Z',
    });
    const at = b.clock.toISOString();
    const webhook = await call(b, 'POST', '/v1/webhooks/zendesk/acme', {
      raw: body,
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': signWebhook(acme.webhookSecret, at, body),
        'x-zendesk-webhook-signature-timestamp': at,
      },
    });
    expect(webhook.status).toBe(200);
  });

  it('answers reports by every grouping, the top tickets, plans and their timeline, a preview and a comparison', async () => {
    for (const groupBy of [
      'day',
      'week',
      'month',
      'group',
      'agent',
      'tool',
      'tier',
      'channel',
      'outcome',
    ]) {
      const summary = await call(b, 'GET', `/v1/reports/summary?${MONTH}&groupBy=${groupBy}`, {
        token,
      });
      expect(summary.status, `${groupBy}: ${summary.text}`).toBe(200);
    }
    const month = await call(b, 'GET', `/v1/reports/summary?${MONTH}&groupBy=month`, { token });
    // acme's two tickets only, not the other tenant's.
    expect(month.json.rows.reduce((n: number, r: { tickets: number }) => n + r.tickets, 0)).toBe(2);
    const top = await call(b, 'GET', `/v1/reports/top-tickets?${MONTH}`, { token });
    expect(top.json.rows.map((r: { ticketId: string }) => r.ticketId)).toEqual(['100', '101']);
    const saved = await call(b, 'POST', '/v1/plans', { token, body: { plan: OUTCOME_PLAN } });
    expect(saved.status, saved.text).toBe(201);
    expect((await call(b, 'GET', '/v1/plans', { token })).status).toBe(200);
    expect((await call(b, 'GET', '/v1/plans/active', { token })).json.plan.id).toBe('per-use');
    const timeline = await call(b, 'GET', '/v1/plans/timeline', { token });
    expect(timeline.status, timeline.text).toBe(200);
    const preview = await call(b, 'POST', '/v1/plans/preview', {
      token,
      body: { plan: OUTCOME_PLAN, days: 30 },
    });
    expect(preview.status, preview.text).toBe(200);
    const compare = await call(
      b,
      'GET',
      `/v1/reports/compare?${MONTH}&plans=per-use@1,fin-style@1`,
      { token },
    );
    expect(compare.status, compare.text).toBe(200);
    expect(compare.json.plans.map((p: { planId: string }) => p.planId)).toEqual([
      'per-use',
      'fin-style',
    ]);
  });
});
