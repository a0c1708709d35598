/**
 * No stale price: whatever sequence of activations (now or scheduled), ingests, syncs and the
 * passing of time, the ledger equals the core priced over the account's timeline for every
 * ticket, and the rollups equal the ledger (spec section 8), on every engine.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Breakdown,
  parsePlan,
  priceTicketOver,
  type TicketActivity,
} from '../../src/pricing/index.js';
import { markDueConfirmations, repriceAllDirty } from '../../src/server/ledger/tickets.js';
import { summary } from '../../src/server/reports/summary.js';
import type { Tenant, TenantSecrets } from '../../src/server/tenants/store.js';
import { appToken, type Backend, call, ENGINES, startBackend } from './harness.js';

const HOUR = 3_600_000;
const PLANS = [
  {
    id: 'per-use',
    name: 'Per use',
    version: 1,
    currency: 'USD',
    model: 'usage',
    rates: { conversation: '0.50', tool_call: '0.10' },
  },
  {
    id: 'per-resolution',
    name: 'Per resolution',
    version: 1,
    currency: 'USD',
    model: 'outcome',
    pricePerResolution: '0.99',
    confirmationWindowHours: 2,
  },
  {
    id: 'credits',
    name: 'Credits',
    version: 1,
    currency: 'USD',
    model: 'credits',
    creditPrice: '0.01',
    prepaidCredits: 3,
    overagePrice: '0.02',
    burn: { conversation: 1, tool_call: 2, resolution: 4 },
  },
].map((p) => parsePlan(p));

const op = fc.oneof(
  fc.record({
    kind: fc.constant('activate' as const),
    plan: fc.integer({ min: 0, max: 2 }),
    laterHours: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('ingest' as const),
    ticket: fc.integer({ min: 1, max: 4 }),
    id: fc.integer({ min: 1, max: 40 }),
    hoursAgo: fc.integer({ min: -2, max: 6 }),
    tool: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('sync' as const),
    ticket: fc.integer({ min: 1, max: 4 }),
    solvedHoursAgo: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    human: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 8 }) }),
);

/** A breakdown without the instant it was priced at. */
const priced = ({ asOf: _, ...rest }: Breakdown) => rest;

describe.each(ENGINES)('no stale price on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let tenant: Tenant;
  let revision = 0;

  beforeAll(async () => {
    b = await startBackend(engine, { RATE_LIMIT_PER_MINUTE: '1000000' });
    acme = await b.services.tenants.create('acme');
    tenant = (await b.services.tenants.byAccount('acme'))!;
    for (const plan of PLANS) await b.services.plans.saveVersion(tenant.id, plan);
  });
  afterAll(() => b.close());

  it('keeps the ledger equal to the core over the timeline, and the rollups equal to the ledger', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 14 }), async (ops) => {
        // Each run starts from a clean account: a fresh tenant id per run keeps runs apart.
        const run = await b.services.tenants.create(`acme-${revision + 1}`);
        const id = (await b.services.tenants.byAccount(`acme-${revision + 1}`))!.id;
        const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
        // The first activation: usage before any activation must be priced under it.
        let activated = false;
        for (const o of ops) {
          const now = b.clock.getTime();
          const token = await appToken(run, b.clock);
          if (o.kind === 'activate') {
            const plan = PLANS[o.plan]!;
            await b.services.plans.saveVersion(id, plan);
            const from = new Date(now + (o.laterHours ?? 0) * HOUR);
            await b.services.plans.activate(id, plan.id, plan.version, from, 'test', false);
            activated = true;
          } else if (o.kind === 'ingest') {
            const r = await call(b, 'POST', '/v1/usage-events', {
              token: run.ingestKey,
              body: {
                events: [
                  {
                    ticketId: String(o.ticket),
                    id: `e${o.id}`,
                    at: at(now - o.hoursAgo * HOUR),
                    ...(o.tool ? { metric: 'tool_call', tool: 'crm' } : { metric: 'conversation' }),
                    quantity: 1,
                  },
                ],
              },
            });
            expect(r.status).toBe(200);
          } else if (o.kind === 'sync') {
            revision += 1;
            const lifecycle: TicketActivity['lifecycle'] = [
              { at: at(now - 7 * HOUR), type: 'status', status: 'open' },
              ...(o.human ? [{ at: at(now - 7 * HOUR), type: 'human_reply' as const }] : []),
              ...(o.solvedHoursAgo !== undefined
                ? [
                    {
                      at: at(now - o.solvedHoursAgo * HOUR),
                      type: 'status' as const,
                      status: 'solved' as const,
                    },
                  ]
                : []),
            ];
            const r = await call(b, 'PUT', `/v1/tickets/${o.ticket}`, {
              token,
              body: { revision, activity: { ticketId: String(o.ticket), usage: [], lifecycle } },
            });
            expect(r.status).toBe(200);
          } else {
            b.clock = new Date(now + o.hours * HOUR);
          }
        }
        revision += 1;
        // What the background repricer does on its next tick.
        await markDueConfirmations(b.services.database.db, null, b.clock);
        await repriceAllDirty(
          b.services.database.db,
          (t, tx) => b.services.plans.timeline(t, tx),
          b.clock,
        );

        const timeline = await b.services.plans.timeline(id);
        expect(timeline === null).toBe(!activated);
        const rows = (await b.services.database.db.execute(
          sql`SELECT ticket_id, breakdown, total_minor::text AS total FROM tickets WHERE tenant_id = ${id} ORDER BY ticket_id`,
        )) as unknown as {
          rows: { ticket_id: string; breakdown: Breakdown | null; total: string | null }[];
        };
        const token = await appToken(run, b.clock);
        for (const row of rows.rows) {
          const view = await call(b, 'GET', `/v1/tickets/${row.ticket_id}`, { token });
          expect(view.status).toBe(200);
          const activity = view.json.activity as TicketActivity;
          if (!timeline) {
            expect(row.breakdown).toBeNull();
            continue;
          }
          const expected = priceTicketOver(timeline, activity, { asOf: b.clock });
          // The stored price, and the one read now, are the core's over the timeline.
          expect(priced(row.breakdown!)).toEqual(priced(expected));
          expect(view.json.breakdown).toEqual(expected);
          // Its explanation agrees with it, line by line.
          const why = await call(b, 'GET', `/v1/tickets/${row.ticket_id}/explanation`, { token });
          expect(why.status).toBe(200);
          expect(why.json.breakdown).toEqual(expected);
          expect(
            why.json.lines.map((l: { plan: string; code: string }) => `${l.plan} ${l.code}`),
          ).toEqual(expected.lines.map((l) => `${l.plan} ${l.code}`));
          expect(row.total).toBe(expected.total.replace('.', '').replace(/^0+(?=\d)/, ''));
        }
        const fromRollups = await summary(
          b.services.database.db,
          id,
          new Date('2026-01-01T00:00:00Z'),
          new Date('2028-01-01T00:00:00Z'),
          'day',
        );
        const direct = (await b.services.database.db.execute(
          sql`SELECT count(*)::int AS n, coalesce(sum(confirmed_minor), 0)::text AS c FROM tickets
              WHERE tenant_id = ${id} AND outcome IS NOT NULL AND coalesce(decided_at, first_usage_at) IS NOT NULL`,
        )) as unknown as { rows: { n: number; c: string }[] };
        expect(fromRollups.reduce((n, r) => n + r.tickets, 0)).toBe(direct.rows[0]!.n);
        expect(fromRollups.reduce((n, r) => n + BigInt(r.totalCost.replace('.', '')), 0n)).toBe(
          BigInt(direct.rows[0]!.c),
        );
      }),
      { numRuns: 12 },
    );
  }, 180_000);

  it('names the plans in force during a report period', async () => {
    const id = tenant.id;
    const from = new Date(b.clock.getTime() + HOUR);
    await b.services.plans.activate(id, 'per-use', 1, b.clock, 'test', false);
    await b.services.plans.activate(id, 'per-resolution', 1, from, 'test', false);
    const token = await appToken(acme, b.clock);
    const r = await call(
      b,
      'GET',
      `/v1/reports/summary?from=${encodeURIComponent(new Date(b.clock.getTime() - HOUR).toISOString())}&to=${encodeURIComponent(new Date(b.clock.getTime() + 3 * HOUR).toISOString())}`,
      { token },
    );
    expect(r.status).toBe(200);
    expect(
      r.json.plansInForce.map((p: { plan: string; from: string }) => [p.plan, p.from]),
    ).toEqual([
      ['per-use@1', new Date(b.clock.getTime() - HOUR).toISOString()],
      ['per-resolution@1', from.toISOString()],
    ]);
    const history = (await call(b, 'GET', '/v1/plans', { token })).json.activations;
    // Newest first: the scheduled change, then the plan in force now.
    expect(history.map((a: { planId: string; status: string }) => [a.planId, a.status])).toEqual([
      ['per-resolution', 'scheduled'],
      ['per-use', 'in_force'],
    ]);
    const t = await call(b, 'GET', '/v1/plans/timeline', { token });
    expect(t.json.timeline.map((a: { plan: { id: string } }) => a.plan.id)).toEqual([
      'per-use',
      'per-resolution',
    ]);
  });
});
