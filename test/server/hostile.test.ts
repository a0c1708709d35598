/**
 * The hostile pass of issue 11 as a corpus: every vector that once answered 200 and then broke
 * a tenant, or answered 500, with the exact status it gets now. After each one the tenant's
 * reports still answer, nothing a refusal touched was stored, and the other tenant still works.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/server/auth/webhook-signature.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { createApp } from '../../src/server/http/app.js';
import { MAX_QUANTITY } from '../../src/server/http/bounds.js';
import { freshLedger } from '../../src/server/http/context.js';
import { MAX_COMPARE_PLANS } from '../../src/server/http/routes/reports.js';
import { startServer } from '../../src/server/serve.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import { loadFixtures, WorkspaceStore } from '../../src/workspace/fixtures.js';
import { zendeskApi } from '../../src/workspace/zendesk-api.js';
import {
  activatePlan,
  appToken,
  type Backend,
  call,
  ENGINES,
  startBackend,
  USAGE_PLAN,
} from './harness.js';

const FROM = '2000-01-01T00:00:00Z';
const TO = '2101-01-01T00:00:00Z';

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  ticketId: '100',
  id,
  at: '2026-11-20T10:00:00Z',
  metric: 'tool_call',
  tool: 'crm',
  quantity: 1,
  ...extra,
});

const sync = (activity: Record<string, unknown> = {}, revision = 1) => ({
  revision,
  activity: {
    ticketId: '200',
    usage: [],
    lifecycle: [{ at: '2026-11-20T10:00:00Z', type: 'status', status: 'open' }],
    attributes: { channel: 'web', tags: [] },
    ...activity,
  },
});

// Zendesk's API as the workspace emulates it, with a count of the calls it answers.
const zendeskStore = new WorkspaceStore(
  loadFixtures(
    join(import.meta.dirname, '..', '..', 'examples', 'zendesk', 'demo.json'),
    new Date('2026-11-20T12:00:00Z'),
  ),
);
const zendeskCalls = { count: 0 };
let zendesk: ReturnType<typeof serve>;
let zendeskUrl: string;
beforeAll(async () => {
  const api = zendeskApi(zendeskStore, { pageSize: 2, installationId: 77 });
  zendesk = await new Promise((resolve) => {
    const server = serve(
      {
        fetch: (request) => {
          if (new URL(request.url).pathname.startsWith('/api/')) zendeskCalls.count++;
          return api.fetch(request);
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(server),
    );
  });
  zendeskUrl = `http://127.0.0.1:${(zendesk.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => zendesk.close(() => resolve())));

describe.each(ENGINES)('hostile corpus on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let other: TenantSecrets;

  beforeAll(async () => {
    b = await startBackend(engine, {
      RATE_LIMIT_PER_MINUTE: '1000000',
      ZENDESK_API_BASE: zendeskUrl,
    });
    acme = await b.services.tenants.create('acme');
    other = await b.services.tenants.create('other');
    for (const secrets of [acme, other]) {
      await activatePlan(b, secrets.account, USAGE_PLAN);
      const posted = await call(b, 'POST', '/v1/usage-events', {
        token: secrets.ingestKey,
        body: { events: [event('seed')] },
      });
      expect(posted.status).toBe(200);
    }
  });
  afterAll(() => b.close());

  async function counts(): Promise<string> {
    const found = await b.services.database.db.execute(
      sql`SELECT (SELECT count(*) FROM usage_events) AS u, (SELECT count(*) FROM tickets) AS t,
                 (SELECT count(*) FROM plan_versions) AS p, (SELECT count(*) FROM activations) AS a,
                 (SELECT count(*) FROM webhook_deliveries) AS w`,
    );
    return JSON.stringify((found as unknown as { rows: unknown[] }).rows);
  }

  /** Every report of both tenants answers 200, and the summary sums what was accepted. */
  async function reportsWork(): Promise<void> {
    for (const secrets of [acme, other]) {
      const token = await appToken(secrets, b.clock);
      for (const path of [
        `/v1/reports/summary?from=${FROM}&to=${TO}&groupBy=tool`,
        `/v1/reports/top-tickets?from=${FROM}&to=${TO}`,
        `/v1/reports/compare?from=${FROM}&to=${TO}`,
      ]) {
        const answer = await call(b, 'GET', path, { token });
        expect(answer.status, `${secrets.account} ${path}: ${answer.text}`).toBe(200);
      }
      const preview = await call(b, 'POST', '/v1/plans/preview', {
        token,
        body: { plan: USAGE_PLAN, days: 366 },
      });
      expect(preview.status, preview.text).toBe(200);
    }
  }

  /** Sends a request that must be refused: exact status and field, and nothing stored changes. */
  async function refused(
    request: () => Promise<{ status: number; json: { error?: { field?: string } } }>,
    status: number,
    field?: string,
  ): Promise<void> {
    const before = await counts();
    const answer = await request();
    expect(answer.status, JSON.stringify(answer.json)).toBe(status);
    if (field !== undefined) expect(answer.json.error?.field).toBe(field);
    expect(await counts()).toBe(before);
    await reportsWork();
  }

  const ingest = (events: unknown[], secrets = acme) =>
    call(b, 'POST', '/v1/usage-events', { token: secrets.ingestKey, body: { events } });
  const put = async (body: unknown, ticketId = '200') =>
    call(b, 'PUT', `/v1/tickets/${ticketId}`, { token: await appToken(acme, b.clock), body });
  const get = async (path: string) =>
    call(b, 'GET', path, { token: await appToken(acme, b.clock) });

  describe('item 1: bounds at the boundary', () => {
    it('refuses 30 events of quantity 2^53-1 (400 naming the field)', async () => {
      const events = Array.from({ length: 30 }, (_, i) =>
        event(`big${i}`, { quantity: Number.MAX_SAFE_INTEGER }),
      );
      await refused(() => ingest(events), 400, 'events[0].quantity');
      await refused(
        () => ingest([event('over', { quantity: MAX_QUANTITY + 1 })]),
        400,
        'events[0].quantity',
      );
    });

    it('accepts the largest quantity, 30 times, and every report still adds up', async () => {
      const events = Array.from({ length: 30 }, (_, i) =>
        event(`max${i}`, { ticketId: '101', quantity: MAX_QUANTITY }),
      );
      expect((await ingest(events)).json).toEqual({ accepted: 30, duplicates: 0, conflicts: [] });
      await reportsWork();
      const summary = await get(`/v1/reports/summary?from=${FROM}&to=${TO}&groupBy=tool`);
      // 30 × 10^9 tool calls at 0.10, plus the seed event's 0.10.
      expect(summary.json.rows).toEqual([
        expect.objectContaining({ key: 'crm', totalCost: '3000000000.10' }),
      ]);
    });

    it('sums amounts beyond a 64-bit integer of minor units without breaking reports', async () => {
      const huge = await b.services.tenants.create('huge');
      await activatePlan(b, 'huge', {
        ...USAGE_PLAN,
        id: 'huge',
        rates: { tool_call: '999999999999.999999' },
      });
      // Each event costs about 10^21 USD: 10^23 cents, beyond 2^63 on its own.
      const events = Array.from({ length: 3 }, (_, i) =>
        event(`h${i}`, { ticketId: String(300 + i), quantity: MAX_QUANTITY }),
      );
      expect((await ingest(events, huge)).status).toBe(200);
      const token = await appToken(huge, b.clock);
      const summary = await call(b, 'GET', `/v1/reports/summary?from=${FROM}&to=${TO}`, { token });
      expect(summary.status, summary.text).toBe(200);
      // 3 × 10^9 × 999999999999.999999, to the cent (half to even).
      expect(summary.json.rows[0].totalCost).toBe('2999999999999999997000.00');
      const top = await call(b, 'GET', `/v1/reports/top-tickets?from=${FROM}&to=${TO}`, { token });
      expect(top.json.rows[0].total).toBe('999999999999999999000.00');
      await reportsWork();
    });

    it.each([
      ['year 0000', '0000-06-01T00:00:00Z'],
      ['year 10000 by its offset', '9999-12-31T23:59:59-23:00'],
      ['just before 2000', '1999-12-31T23:59:59Z'],
      ['2101', '2101-01-01T00:00:00Z'],
    ])('refuses an instant in %s', async (_, at) => {
      await refused(() => ingest([event('when', { at })]), 400, 'events[0].at');
      await refused(
        () => put(sync({ lifecycle: [{ at, type: 'status', status: 'open' }] })),
        400,
        'activity.lifecycle[0].at',
      );
      await refused(
        () => put(sync({ usage: [{ id: 'u', at, metric: 'conversation', quantity: 1 }] })),
        400,
        'activity.usage[0].at',
      );
    });

    it('accepts the first and the last instants of the range', async () => {
      const events = [
        event('first', { ticketId: '102', at: '2000-01-01T00:00:00Z' }),
        event('last', { ticketId: '103', at: '2100-12-31T23:59:59.999Z' }),
      ];
      expect((await ingest(events)).json.accepted).toBe(2);
      await reportsWork();
    });

    it.each([
      ['a NUL', 'a\u0000b'],
      ['a line break', 'a\nb'],
      ['a tab', 'a\tb'],
      ['a C1 control', 'a\u0085b'],
      ['a lone high surrogate', 'a\ud800b'],
      ['a lone low surrogate', 'a\udc00b'],
    ])('refuses an event id, a tag and a group with %s', async (_, text) => {
      await refused(() => ingest([event(text)]), 400, 'events[0].id');
      await refused(
        () =>
          put(
            sync({
              usage: [
                { id: text, at: '2026-11-20T10:00:00Z', metric: 'conversation', quantity: 1 },
              ],
            }),
          ),
        400,
        'activity.usage[0].id',
      );
      await refused(
        () => put(sync({ attributes: { tags: ['ok', text] } })),
        400,
        'activity.attributes.tags[1]',
      );
      await refused(
        () => put(sync({ attributes: { group: text } })),
        400,
        'activity.attributes.group',
      );
      await refused(
        () => put(sync({ attributes: { agent: text } })),
        400,
        'activity.attributes.agent',
      );
    });

    it('accepts ids and labels with any other Unicode, a surrogate pair included', async () => {
      const answer = await put(
        sync({
          usage: [
            { id: 'émoji-😀', at: '2026-11-20T10:00:00Z', metric: 'conversation', quantity: 1 },
          ],
          attributes: { group: 'Support 🇯🇵 東京', tags: ['vip'] },
        }),
      );
      expect(answer.status, answer.text).toBe(200);
      await reportsWork();
    });

    it('refuses a sync of more than 10,000 lifecycle events', async () => {
      const lifecycle = Array.from({ length: 10_001 }, () => ({
        at: '2026-11-20T10:00:00Z',
        type: 'human_reply',
      }));
      await refused(() => put(sync({ lifecycle })), 400, 'activity.lifecycle');
    });
  });

  describe('item 1: a ticket that cannot be priced is isolated', () => {
    it('records it with its reason, counts it, retries it with backoff, and prices the rest', async () => {
      const tenant = (await b.services.tenants.byAccount('acme'))!;
      const otherTenant = (await b.services.tenants.byAccount('other'))!;
      // An event as an earlier version stored it, before the bounds: the database refuses
      // its instant (there is no year 0 in PostgreSQL) once pricing writes it as first usage.
      await b.services.database.db.execute(
        sql`INSERT INTO usage_events (tenant_id, ticket_id, id, body, digest, source) VALUES
            (${tenant.id}, 'poison', 'p', ${JSON.stringify({ id: 'p', at: '0000-06-01T00:00:00Z', metric: 'conversation', quantity: 1 })}::jsonb, 'x', 'api')`,
      );
      await b.services.database.db.execute(
        sql`INSERT INTO tickets (tenant_id, ticket_id, revision, lifecycle, dirty) VALUES (${tenant.id}, 'poison', 0, '[]'::jsonb, true)`,
      );
      // Fresh usage for both tenants in the same pass.
      expect((await ingest([event('fresh', { ticketId: '104' })])).status).toBe(200);
      expect((await ingest([event('fresh', { ticketId: '104' })], other)).status).toBe(200);

      await reportsWork();
      const row = async (tenantId: string, ticketId: string) => {
        const found = await b.services.database.db.execute(
          sql`SELECT dirty, price_error, price_attempts, retry_at, total_minor::text AS total FROM tickets WHERE tenant_id = ${tenantId} AND ticket_id = ${ticketId}`,
        );
        return (found as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
      };
      const poisoned = await row(tenant.id, 'poison');
      expect(poisoned.dirty).toBe(true);
      expect(poisoned.price_error).toMatch(/\w/);
      expect(poisoned.price_attempts).toBe(1);
      expect(new Date(poisoned.retry_at as string).getTime()).toBe(b.clock.getTime() + 5000);
      for (const id of [tenant.id, otherTenant.id])
        expect(await row(id, '104')).toMatchObject({
          dirty: false,
          price_error: null,
          total: '10',
        });

      const metrics = await call(b, 'GET', '/metrics');
      expect(metrics.text).toMatch(/^aicm_unpriceable_tickets 1$/m);
      expect(metrics.text).toMatch(/^aicm_pricing_failures_total 1$/m);

      // Within its backoff it is not tried again; after it, it is, and the backoff doubles.
      await freshLedger(b.services, tenant.id);
      expect((await row(tenant.id, 'poison')).price_attempts).toBe(1);
      b.clock = new Date(b.clock.getTime() + 5000);
      await freshLedger(b.services, tenant.id);
      const again = await row(tenant.id, 'poison');
      expect(again.price_attempts).toBe(2);
      expect(new Date(again.retry_at as string).getTime()).toBe(b.clock.getTime() + 10_000);

      // Once the bad event is gone, the next retry prices the ticket and clears its record.
      await b.services.database.db.execute(
        sql`DELETE FROM usage_events WHERE tenant_id = ${tenant.id} AND ticket_id = 'poison'`,
      );
      b.clock = new Date(b.clock.getTime() + 10_000);
      await freshLedger(b.services, tenant.id);
      expect(await row(tenant.id, 'poison')).toMatchObject({
        dirty: false,
        price_error: null,
        price_attempts: 0,
        retry_at: null,
      });
      expect((await call(b, 'GET', '/metrics')).text).toMatch(/^aicm_unpriceable_tickets 0$/m);
      await reportsWork();
    });
  });

  describe('item 2: replays of every batch size, and identical batches at once', () => {
    const batch = (size: number, prefix: string, from = 0) =>
      Array.from({ length: size }, (_, i) =>
        event(`${prefix}-${from + i}`, { ticketId: `${prefix}-${(from + i) % 50}` }),
      );

    it.each([1, 2, 10, 100, 268, 269, 270, 271, 300, 499, 500, 501, 999, 1000])(
      'stores a batch of %i, then answers its replay as duplicates and stores what a half replay adds',
      async (size) => {
        const prefix = `r${size}`;
        const first = await ingest(batch(size, prefix));
        expect(first.json).toEqual({ accepted: size, duplicates: 0, conflicts: [] });
        const replay = await ingest(batch(size, prefix));
        expect(replay.json).toEqual({ accepted: 0, duplicates: size, conflicts: [] });
        // The second half of the first batch again, and as many new events after it.
        const half = Math.floor(size / 2);
        const mixed = await ingest(batch(size, prefix, size - half).slice(0, size));
        expect(mixed.json).toEqual({ accepted: size - half, duplicates: half, conflicts: [] });
        // One stored id with another body: a conflict, reported, never summed.
        const changed = await ingest([
          event(`${prefix}-0`, { ticketId: `${prefix}-0`, quantity: 2 }),
        ]);
        expect(changed.json.conflicts).toEqual([
          {
            id: `${prefix}-0`,
            ticketId: `${prefix}-0`,
            reason: 'id already recorded with another quantity; the first one is kept',
          },
        ]);
        const stored = await b.services.database.db.execute(
          sql`SELECT count(*)::int AS n FROM usage_events WHERE id LIKE ${`${prefix}-%`}`,
        );
        expect((stored as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(2 * size - half);
        await reportsWork();
      },
      60_000,
    );

    it('stores 8 identical batches of 500 sent at once exactly once', async () => {
      const events = batch(500, 'same');
      const answers = await Promise.all(Array.from({ length: 8 }, () => ingest(events)));
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
      expect(answers.reduce((n, a) => n + a.json.accepted, 0)).toBe(500);
      expect(answers.reduce((n, a) => n + a.json.duplicates, 0)).toBe(7 * 500);
      expect(answers.every((a) => a.json.conflicts.length === 0)).toBe(true);
      await reportsWork();
    }, 60_000);
  });

  /** The ticket's events in the ledger, as `source:id`, sorted. */
  async function ledgerOf(account: string, ticketId: string): Promise<string[]> {
    const tenant = (await b.services.tenants.byAccount(account))!;
    const found = await b.services.database.db.execute(
      sql`SELECT source || ':' || id AS e FROM usage_events WHERE tenant_id = ${tenant.id} AND ticket_id = ${ticketId} ORDER BY 1`,
    );
    return (found as unknown as { rows: { e: string }[] }).rows.map((r) => r.e);
  }
  const conversations = (view: { activity: { usage: { metric: string }[] } }) =>
    view.activity.usage.filter((u) => u.metric === 'conversation').length;

  describe('item 3: derived usage is a snapshot, applied with the posted usage', () => {
    const implicit = {
      id: 'conv:400',
      at: '2026-11-20T09:00:00Z',
      metric: 'conversation',
      quantity: 1,
    };

    it('drops the implicit conversation once the AI platform posted one (the browser sync)', async () => {
      const first = await put(sync({ ticketId: '400', usage: [implicit] }, 1), '400');
      expect(conversations(first.json)).toBe(1);
      expect(
        (
          await ingest([
            event('posted-conv', { ticketId: '400', metric: 'conversation', tool: undefined }),
          ])
        ).status,
      ).toBe(200);
      // The sidebar had not seen the posted one yet, and sends the implicit one again.
      const second = await put(sync({ ticketId: '400', usage: [implicit] }, 2), '400');
      expect(second.status).toBe(200);
      expect(conversations(second.json)).toBe(1);
      expect(await ledgerOf('acme', '400')).toEqual(['api:posted-conv']);
      expect(conversations((await get('/v1/tickets/400')).json)).toBe(1);
      await reportsWork();
    });

    it('replaces what a newer revision no longer derives, and keeps posted events', async () => {
      const derived = (id: string) => ({
        id,
        at: '2026-11-20T09:00:00Z',
        metric: 'tool_call',
        tool: 'crm',
        quantity: 1,
      });
      expect((await ingest([event('kept', { ticketId: '401' })])).status).toBe(200);
      await put(sync({ ticketId: '401', usage: [derived('d1'), derived('d2')] }, 1), '401');
      expect(await ledgerOf('acme', '401')).toEqual(['api:kept', 'ticket:d1', 'ticket:d2']);
      const newer = await put(
        sync({ ticketId: '401', usage: [derived('d1'), { ...derived('d3'), quantity: 4 }] }, 2),
        '401',
      );
      expect(newer.json.breakdown.total).toBe('0.60'); // kept 0.10 + d1 0.10 + d3 4 × 0.10
      expect(await ledgerOf('acme', '401')).toEqual(['api:kept', 'ticket:d1', 'ticket:d3']);
      // An older revision is an older snapshot: nothing it carries is recorded.
      const older = await put(sync({ ticketId: '401', usage: [derived('d9')] }, 1), '401');
      expect(older.json.applied).toBe(false);
      expect(await ledgerOf('acme', '401')).toEqual(['api:kept', 'ticket:d1', 'ticket:d3']);
      // A revision that derives nothing leaves the posted event alone.
      await put(sync({ ticketId: '401', usage: [] }, 3), '401');
      expect(await ledgerOf('acme', '401')).toEqual(['api:kept']);
      await reportsWork();
    });

    it('keeps a posted event that a sync had recorded first, when the ticket stops deriving it', async () => {
      const both = {
        id: 'both',
        at: '2026-11-20T09:00:00Z',
        metric: 'tool_call',
        tool: 'crm',
        quantity: 1,
      };
      await put(sync({ ticketId: '402', usage: [both] }, 1), '402');
      expect((await ingest([{ ticketId: '402', ...both }])).json.duplicates).toBe(1);
      await put(sync({ ticketId: '402', usage: [] }, 2), '402');
      expect(await ledgerOf('acme', '402')).toEqual(['api:both']);
    });
  });

  describe('items 3, 4 and 9: with Zendesk as the authority', () => {
    let zd: TenantSecrets;
    const zdPut = async (ticketId: string, body: unknown) =>
      call(b, 'PUT', `/v1/tickets/${ticketId}`, { token: await appToken(zd, b.clock), body });

    beforeAll(async () => {
      zd = await b.services.tenants.create('zd');
      await b.services.tenants.setZendeskAccess('zd', 'admin@zd.example', 'api-token', 77);
      await activatePlan(b, 'zd', USAGE_PLAN);
    });

    it('counts one conversation when the AI platform posted one for a ticket Zendesk reads', async () => {
      const claim = sync({ ticketId: '108' }).activity;
      const first = await zdPut('108', { revision: 1, activity: claim });
      expect(first.status, first.text).toBe(200);
      expect(first.json.source).toBe('zendesk');
      expect(await ledgerOf('zd', '108')).toContain('ticket:conv:108');
      const posted = await ingest(
        [event('platform-conv', { ticketId: '108', metric: 'conversation', tool: undefined })],
        zd,
      );
      expect(posted.status).toBe(200);
      const second = await zdPut('108', { revision: 2, activity: claim });
      expect(conversations(second.json)).toBe(1);
      expect(await ledgerOf('zd', '108')).not.toContain('ticket:conv:108');
      expect(await ledgerOf('zd', '108')).toContain('api:platform-conv');
      const token = await appToken(zd, b.clock);
      const view = await call(b, 'GET', '/v1/tickets/108', { token });
      expect(conversations(view.json)).toBe(1);
      await reportsWork();
    });

    it('replaces the usage Zendesk no longer shows on a newer revision', async () => {
      const claim = sync({ ticketId: '103' }).activity;
      expect((await zdPut('103', { revision: 1, activity: claim })).status).toBe(200);
      const before = await ledgerOf('zd', '103');
      expect(before.filter((e) => e.startsWith('ticket:'))).toHaveLength(3);
      const audit = zendeskStore.ticket(103)!.audits.find((a) => a.id === 1008)!;
      const custom = (audit.metadata as { custom: { ai_usage: unknown[] } }).custom;
      const saved = custom.ai_usage;
      custom.ai_usage = saved.slice(0, 2);
      try {
        expect((await zdPut('103', { revision: 2, activity: claim })).status).toBe(200);
      } finally {
        custom.ai_usage = saved;
      }
      expect((await ledgerOf('zd', '103')).filter((e) => e.startsWith('ticket:'))).toHaveLength(2);
      await reportsWork();
    });

    it('refuses a ticket Zendesk does not know (404), never taking the browser activity', async () => {
      const forged = sync({
        ticketId: '999999',
        usage: [
          {
            id: 'forged',
            at: '2026-11-20T10:00:00Z',
            metric: 'tool_call',
            tool: 'crm',
            quantity: 100_000,
          },
        ],
      }).activity;
      const before = await counts();
      const answer = await zdPut('999999', { revision: 1, activity: forged });
      expect(answer.status).toBe(404);
      expect(answer.json.error.code).toBe('unknown_ticket');
      expect(await counts()).toBe(before);
      const token = await appToken(zd, b.clock);
      const top = await call(b, 'GET', `/v1/reports/top-tickets?from=${FROM}&to=${TO}`, { token });
      expect(top.json.rows.map((r: { ticketId: string }) => r.ticketId)).not.toContain('999999');
      await reportsWork();
    });

    it('refuses a sync while Zendesk cannot be read (503), rather than taking the browser activity', async () => {
      await fetch(`${zendeskUrl}/limit`, { method: 'POST', body: JSON.stringify({ count: 3 }) });
      const before = await counts();
      const answer = await zdPut('101', {
        revision: 1,
        activity: sync({ ticketId: '101' }).activity,
      });
      await fetch(`${zendeskUrl}/limit`, { method: 'POST', body: JSON.stringify({ count: 0 }) });
      expect(answer.status).toBe(503);
      expect(answer.json.error.code).toBe('zendesk_unavailable');
      expect(await counts()).toBe(before);
      await reportsWork();
    }, 20_000);

    it('records who activated from Zendesk, and refuses re-timing a version Zendesk does not name', async () => {
      const token = await appToken(zd, b.clock);
      const settings = zendeskStore.fixtures.settings as Record<string, unknown>;
      const saved = settings.active_plan;
      try {
        settings.active_plan = 'per-use@1';
        const activated = await call(b, 'POST', '/v1/plans/per-use/versions/1/activate', {
          token,
          body: { activatedBy: 'Mallory, who is no admin' },
        });
        expect(activated.status, activated.text).toBe(200);
        const history = (await call(b, 'GET', '/v1/plans', { token })).json.activations;
        expect(history[0].activatedBy).toBe(
          "a Zendesk admin (installation 77's active_plan setting)",
        );
        settings.active_plan = 'fin-style@1';
        await refused(
          () =>
            call(b, 'POST', '/v1/plans/per-use/versions/1/activate', {
              token,
              body: { effectiveFrom: '2026-11-01T00:00:00Z' },
            }),
          403,
        );
      } finally {
        settings.active_plan = saved;
      }
    });

    it('answers a replayed webhook 409 without asking Zendesk anything', async () => {
      const raw = JSON.stringify({
        ticket_id: '108',
        status: 'solved',
        updated_at: '2026-11-20T11:00:00Z',
      });
      const timestamp = b.clock.toISOString();
      const headers = {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': signWebhook(zd.webhookSecret, timestamp, raw),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      };
      const first = await call(b, 'POST', '/v1/webhooks/zendesk/zd', { raw, headers });
      expect(first.status, first.text).toBe(200);
      const calls = zendeskCalls.count;
      await refused(() => call(b, 'POST', '/v1/webhooks/zendesk/zd', { raw, headers }), 409);
      expect(zendeskCalls.count).toBe(calls);
    });
  });

  describe('item 6: formula injection through synced labels and plan names', () => {
    const csv = async (path: string) =>
      call(b, 'GET', path, {
        token: await appToken(acme, b.clock),
        headers: { accept: 'text/csv' },
      });

    it('writes a group, an agent and a channel that start a formula as text', async () => {
      const labels = {
        group: '-1+HYPERLINK("http://evil.example","x")',
        agent: '@SUM(A1)',
        channel: '=1+1',
      };
      const synced = await put(
        sync({
          ticketId: '500',
          usage: [{ id: 'c', at: '2026-11-20T09:00:00Z', metric: 'conversation', quantity: 1 }],
          attributes: labels,
        }),
        '500',
      );
      expect(synced.status).toBe(200);
      const expected = {
        group: `"'-1+HYPERLINK(""http://evil.example"",""x"")"`,
        agent: `"'@SUM(A1)"`,
        channel: `"'=1+1"`,
      };
      for (const [groupBy, cell] of Object.entries(expected)) {
        const answer = await csv(`/v1/reports/summary?from=${FROM}&to=${TO}&groupBy=${groupBy}`);
        expect(answer.status).toBe(200);
        expect(answer.text.split('\r\n').some((line) => line.startsWith(`${cell},USD,`))).toBe(
          true,
        );
      }
      await reportsWork();
    });

    it('writes plan names that start with a tab or a carriage return as text', async () => {
      const token = await appToken(acme, b.clock);
      for (const [id, name] of [
        ['tab', '\t=1+1'],
        ['cr', '\r=2+2'],
      ]) {
        const saved = await call(b, 'POST', '/v1/plans', {
          token,
          body: { plan: { ...USAGE_PLAN, id, name } },
        });
        expect(saved.status, saved.text).toBe(201);
      }
      const answer = await csv(`/v1/reports/compare?from=${FROM}&to=${TO}&plans=tab@1,cr@1`);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain(`tab,1,"'\t=1+1",usage`);
      expect(answer.text).toContain(`cr,1,"'\r=2+2",usage`);
    });
  });

  describe('item 10: no 500 from what the database cannot store or count', () => {
    it.each([
      [
        'reports from in year 0000',
        '/v1/reports/summary?from=0000-01-01T00:00:00Z&to=2026-12-01T00:00:00Z',
        'from',
      ],
      [
        'reports to in year 10000',
        '/v1/reports/summary?from=2026-11-01T00:00:00Z&to=10000-01-01T00:00:00Z',
        'to',
      ],
      [
        'a NUL in a query',
        '/v1/reports/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=%00',
        'groupBy',
      ],
      [
        'a version above 2^31-1 in compare',
        `/v1/reports/compare?from=${FROM}&to=${TO}&plans=per-use@2147483648`,
        'plans',
      ],
    ])('refuses %s with 400', async (_, path, field) => {
      await refused(() => get(path), 400, field);
    });

    it.each([
      ['above 2^31-1', '2147483648'],
      ['with an exponent', '1e0'],
      ['in hexadecimal', '0x1'],
      ['with a leading space', '%201'],
      ['zero', '0'],
      ['with a leading zero', '01'],
    ])('refuses an activation version %s with 400', async (_, version) => {
      await refused(
        async () =>
          call(b, 'POST', `/v1/plans/per-use/versions/${version}/activate`, {
            token: await appToken(acme, b.clock),
            body: {},
          }),
        400,
        'version',
      );
    });

    it('refuses a plan id with a NUL in the path, and a plan whose name has one', async () => {
      await refused(
        async () =>
          call(b, 'POST', '/v1/plans/per%00use/versions/1/activate', {
            token: await appToken(acme, b.clock),
            body: {},
          }),
        400,
        'planId',
      );
      await refused(
        async () =>
          call(b, 'POST', '/v1/plans', {
            token: await appToken(acme, b.clock),
            body: { plan: { ...USAGE_PLAN, name: 'bad\u0000name' } },
          }),
        400,
        'plan.name',
      );
      await refused(
        async () =>
          call(b, 'POST', '/v1/plans', {
            token: await appToken(acme, b.clock),
            body: { plan: { ...USAGE_PLAN, name: 'bad\ud800name' } },
          }),
        400,
        'plan.name',
      );
    });

    it.each([
      [
        'updated_at in year 0000',
        { ticket_id: '100', status: 'solved', updated_at: '0000-01-01T00:00:00Z' },
        'updated_at',
      ],
      [
        'updated_at in year 10000',
        { ticket_id: '100', status: 'solved', updated_at: '9999-12-31T23:59:59-23:00' },
        'updated_at',
      ],
      ['a NUL in the ticket id', { ticket_id: '1\u0000', status: 'solved' }, 'ticket_id'],
      ['a lone surrogate in the status', { ticket_id: '100', status: 'sol\ud800ved' }, 'status'],
    ])('refuses a signed webhook with %s', async (_, payload, field) => {
      const raw = JSON.stringify(payload);
      const timestamp = b.clock.toISOString();
      await refused(
        () =>
          call(b, 'POST', '/v1/webhooks/zendesk/acme', {
            raw,
            headers: {
              'content-type': 'application/json',
              'x-zendesk-webhook-signature': signWebhook(acme.webhookSecret, timestamp, raw),
              'x-zendesk-webhook-signature-timestamp': timestamp,
            },
          }),
        400,
        field,
      );
    });
  });
});

describe('item 7: the embedded database is private to its user', () => {
  /** Every path under `dir` that its group or others may read, write or enter. */
  function exposed(dir: string): string[] {
    const found: string[] = [];
    const walk = (path: string) => {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) return;
      if ((stat.mode & 0o077) !== 0) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
      if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    };
    walk(dir);
    return found;
  }

  it('creates its directory 0700 and its files without group or other bits, and tightens old ones', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aicm-perm-'));
    try {
      const dataDir = join(root, 'pglite');
      // What an earlier version left: a world-writable directory and file.
      mkdirSync(dataDir, { mode: 0o777 });
      chmodSync(dataDir, 0o777);
      writeFileSync(join(dataDir, 'left-behind'), 'x', { mode: 0o666 });
      chmodSync(join(dataDir, 'left-behind'), 0o666);
      const database = await openDatabase({ dataDir });
      await database.db.execute(sql`CREATE TABLE perm_check (x int)`);
      await database.db.execute(sql`INSERT INTO perm_check VALUES (1)`);
      await database.close();
      expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
      expect(readdirSync(dataDir).length).toBeGreaterThan(1);
      expect(exposed(dataDir)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe.each(ENGINES)(
  'item 5: compare is bounded and stops at its deadline, on $name',
  (engine) => {
    let b: Backend;
    let acme: TenantSecrets;
    const TIMEOUT_MS = 400;
    const range = `from=${FROM}&to=${TO}`;

    beforeAll(async () => {
      b = await startBackend(engine, {
        RATE_LIMIT_PER_MINUTE: '1000000',
        REQUEST_TIMEOUT_MS: String(TIMEOUT_MS),
      });
      acme = await b.services.tenants.create('acme');
      const tenant = (await b.services.tenants.byAccount('acme'))!;
      await activatePlan(b, 'acme', USAGE_PLAN);
      for (let i = 0; i < MAX_COMPARE_PLANS; i++)
        await b.services.plans.saveVersion(
          tenant.id,
          (await import('../../src/pricing/index.js')).parsePlan({ ...USAGE_PLAN, id: `p${i}` }),
        );
      // 12,000 tickets: 20 plans replay them in well over the deadline.
      for (let batch = 0; batch < 12; batch++) {
        const events = Array.from({ length: 1000 }, (_, i) =>
          event(`e${batch}-${i}`, { ticketId: `t${batch}-${i}` }),
        );
        expect((await ingest(b, acme, events)).status).toBe(200);
      }
      await freshLedger(b.services, tenant.id);
      await b.services.replays.warm();
    }, 120_000);
    afterAll(() => b.close());

    async function ingest(backend: Backend, secrets: TenantSecrets, events: unknown[]) {
      return call(backend, 'POST', '/v1/usage-events', {
        token: secrets.ingestKey,
        body: { events },
      });
    }
    const compare = async (plans: string) =>
      call(b, 'GET', `/v1/reports/compare?${range}&plans=${plans}`, {
        token: await appToken(acme, b.clock),
      });

    it('refuses more than 20 plans, and 1,500 refs at once, with 400 naming plans', async () => {
      const refs = (n: number) => Array.from({ length: n }, (_, i) => `p${i}@1`).join(',');
      const tooMany = await compare(refs(MAX_COMPARE_PLANS + 1));
      expect(tooMany.status).toBe(400);
      expect(tooMany.json.error.field).toBe('plans');
      const started = performance.now();
      const huge = await compare(refs(1500));
      expect(huge.status).toBe(400);
      expect(huge.json.error.field).toBe('plans');
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS);
      expect(b.services.replays.stats.replays).toBe(0);
    });

    it('refuses an unknown plan with 404 before repricing anything', async () => {
      const tenant = (await b.services.tenants.byAccount('acme'))!;
      expect((await ingest(b, acme, [event('late', { ticketId: 'late' })])).status).toBe(200);
      const unknown = await compare('p0@1,nope@1');
      expect(unknown.status).toBe(404);
      expect(unknown.json.error.field).toBe('plans');
      const dirty = await b.services.database.db.execute(
        sql`SELECT dirty FROM tickets WHERE tenant_id = ${tenant.id} AND ticket_id = 'late'`,
      );
      expect((dirty as unknown as { rows: { dirty: boolean }[] }).rows[0]!.dirty).toBe(true);
      await freshLedger(b.services, tenant.id);
    });

    it('answers 503 at the deadline, stops the replay there, and keeps /healthz answering', async () => {
      const plans = Array.from({ length: MAX_COMPARE_PLANS }, (_, i) => `p${i}@1`).join(',');
      const workersBefore = b.services.replays.stats.workers;
      let slowest = 0;
      let done = false;
      const health = (async () => {
        while (!done) {
          const t = performance.now();
          expect((await call(b, 'GET', '/healthz')).status).toBe(200);
          slowest = Math.max(slowest, performance.now() - t);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const started = performance.now();
      const answer = await compare(plans);
      const took = performance.now() - started;
      done = true;
      await health;
      expect(answer.status).toBe(503);
      expect(answer.json.error.code).toBe('timeout');
      expect(took).toBeLessThan(TIMEOUT_MS + 300);
      expect(slowest).toBeLessThan(200);
      // The replay really stopped: its worker is gone, none is busy, the next one is a new one.
      expect(b.services.replays.busy).toBe(false);
      expect(b.services.replays.stats.workers).toBe(workersBefore + 1);
      await b.services.replays.warm();
      const small = await call(
        b,
        'GET',
        '/v1/reports/compare?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&plans=p0@1',
        { token: await appToken(acme, b.clock) },
      );
      expect(small.status, small.text).toBe(200);
    }, 30_000);
  },
);

describe.each(ENGINES)('item 9: limits per client address, on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;

  beforeAll(async () => {
    b = await startBackend(engine, { AUTH_FAILURES_PER_MINUTE: '5', WEBHOOKS_PER_MINUTE: '3' });
    acme = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', USAGE_PLAN);
  });
  afterAll(() => b.close());

  /** A request as it arrives over a socket from `address`. */
  const from = (address: string, path: string, init: RequestInit = {}) =>
    b.app.request(path, init, { incoming: { socket: { remoteAddress: address } } });

  it('answers 429 to an address that keeps sending bad tokens, and not to others', async () => {
    const bad = { headers: { authorization: 'Bearer aicm_ik_not-a-key-at-all-000000' } };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await from('203.0.113.9', '/v1/plans/active', bad)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await from('203.0.113.9', '/v1/plans/active', bad);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await from('198.51.100.7', '/v1/plans/active', bad)).status).toBe(401);
    // The tenant's reports still answer from another address.
    const token = await appToken(acme, b.clock);
    const report = await from('198.51.100.7', `/v1/reports/summary?from=${FROM}&to=${TO}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(report.status).toBe(200);
  });

  it('answers 429 to an address past its webhooks per minute, signed or not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const raw = JSON.stringify({ ticket_id: `w${i}`, status: 'solved' });
      const timestamp = b.clock.toISOString();
      statuses.push(
        (
          await from('192.0.2.1', '/v1/webhooks/zendesk/acme', {
            method: 'POST',
            body: raw,
            headers: {
              'content-type': 'application/json',
              'x-zendesk-webhook-signature': signWebhook(acme.webhookSecret, timestamp, raw),
              'x-zendesk-webhook-signature-timestamp': timestamp,
            },
          })
        ).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const other = await from('192.0.2.2', '/v1/webhooks/zendesk/acme', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(other.status).toBe(401);
  });
});

describe.each(ENGINES)('item 10: logs without data, metrics behind a token, on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;

  beforeAll(async () => {
    b = await startBackend(engine, { HOST: '0.0.0.0', METRICS_TOKEN: 'm'.repeat(40) });
    acme = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', USAGE_PLAN);
  });
  afterAll(() => b.close());

  it('needs the bearer token for /metrics when listening beyond loopback', async () => {
    expect((await call(b, 'GET', '/metrics')).status).toBe(401);
    expect((await call(b, 'GET', '/metrics', { token: 'n'.repeat(40) })).status).toBe(401);
    const allowed = await call(b, 'GET', '/metrics', { token: 'm'.repeat(40) });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toMatch(/aicm_unpriceable_tickets 0/);
  });

  it('logs an unexpected error by its class and the request id, never its message', async () => {
    const lines: string[] = [];
    const failing = createApp({
      ...b.services,
      log: {
        log: (level, msg, fields = {}) =>
          void lines.push(JSON.stringify({ level, msg, ...fields })),
      },
      plans: Object.assign(Object.create(b.services.plans), {
        active: async () => {
          throw new TypeError('cannot read tag vip of event e-4711');
        },
      }),
    });
    const token = await appToken(acme, b.clock);
    const answer = await failing.request('/v1/plans/active?tag=vip&event=e-4711', {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-42' },
    });
    expect(answer.status).toBe(500);
    const unhandled = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled');
    expect(unhandled).toMatchObject({ requestId: 'req-42', error: 'TypeError' });
    expect(lines.join('\n')).not.toMatch(/vip|4711/);
    // The tenant's reports are untouched by it.
    const report = await call(b, 'GET', `/v1/reports/summary?from=${FROM}&to=${TO}`, { token });
    expect(report.status).toBe(200);
  });

  it('refuses a NUL or a lone surrogate in a path with 400', async () => {
    const token = await appToken(acme, b.clock);
    for (const path of [
      '/v1/tickets/1%00',
      '/v1/tickets/%ED%A0%80',
      '/v1/webhooks/zendesk/ac%00me',
    ]) {
      const method = path.includes('webhooks') ? 'POST' : 'GET';
      const answer = await call(b, method, path, { token });
      expect(answer.status, path).toBe(400);
    }
  });
});

describe('item 11: slow clients and oversized headers get a JSON answer, soon', () => {
  let b: Backend;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    b = await startBackend(ENGINES[0]!);
    server = await startServer(
      loadConfig({ PORT: '0', HEADERS_TIMEOUT_MS: '500', LOG_LEVEL: 'silent' }),
      b.services,
    );
  });
  // The server closes the database it was given.
  afterAll(() => server.close());

  /** Sends `chunks` over a raw socket, `gapMs` apart, and reads until the server closes. */
  function raw(chunks: string[], gapMs: number): Promise<{ text: string; ms: number }> {
    const { port, hostname } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const socket = connect(Number(port), hostname);
      let text = '';
      let i = 0;
      const timer = setInterval(() => {
        if (i < chunks.length && socket.writable) socket.write(chunks[i++]!);
      }, gapMs);
      socket.on('data', (d) => {
        text += d.toString();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ text, ms: performance.now() - started });
      });
      setTimeout(() => reject(new Error('the server held the socket')), 10_000);
    });
  }

  it('answers 408 in JSON to headers sent a byte at a time, within the headers timeout', async () => {
    const request = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(200)}`;
    const { text, ms } = await raw([...request], 50);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toContain('{"error":{"code":"timeout"');
    expect(ms).toBeLessThan(2000);
  });

  it('answers 431 in JSON to headers over Node’s limit', async () => {
    const request = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    const { text } = await raw([request], 1);
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(text).toContain('{"error":{"code":"headers_too_large"');
  });

  it('still answers a normal request', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
