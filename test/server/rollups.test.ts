/**
 * The daily rollups that reports sum must always equal a direct count over the ledger, whatever
 * sequence of ingests, syncs, reopenings and repricings produced it (fast-check).
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repriceAllDirty } from '../../src/server/ledger/tickets.js';
import { summary } from '../../src/server/reports/summary.js';
import type { Tenant, TenantSecrets } from '../../src/server/tenants/store.js';
import {
  activatePlan,
  appToken,
  type Backend,
  backendTest,
  call,
  ENGINES,
  OUTCOME_PLAN,
} from './harness.js';

const op = fc.oneof(
  fc.record({
    kind: fc.constant('ingest' as const),
    ticket: fc.integer({ min: 1, max: 6 }),
    id: fc.integer({ min: 1, max: 30 }),
    day: fc.integer({ min: 1, max: 20 }),
    tool: fc.constantFrom('crm', 'kb'),
  }),
  fc.record({
    kind: fc.constant('sync' as const),
    ticket: fc.integer({ min: 1, max: 6 }),
    revision: fc.integer({ min: 1, max: 50 }),
    solvedDay: fc.option(fc.integer({ min: 1, max: 20 })),
    human: fc.boolean(),
    channel: fc.constantFrom('web', 'email', 'chat'),
    group: fc.constantFrom('g1', 'g2'),
  }),
);

describe.each(ENGINES)('rollups on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let tenant: Tenant;

  backendTest.beforeAll(async ({ backends }) => {
    b = await backends.start(engine, { RATE_LIMIT_PER_MINUTE: '1000000' });
    acme = await b.services.tenants.create('acme');
    tenant = (await b.services.tenants.byAccount('acme'))!;
    await activatePlan(b, 'acme', OUTCOME_PLAN);
  });

  it('equal a direct count over the ledger after any sequence of changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const token = await appToken(acme, b.clock);
        for (const o of ops) {
          const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00Z`;
          if (o.kind === 'ingest') {
            await call(b, 'POST', '/v1/usage-events', {
              token: acme.ingestKey,
              body: {
                events: [
                  {
                    ticketId: String(o.ticket),
                    id: `e${o.id}`,
                    at: at(o.day),
                    metric: 'tool_call',
                    tool: o.tool,
                    quantity: 1,
                  },
                ],
              },
            });
          } else {
            const lifecycle = [
              { at: at(1), type: 'status', status: 'open' },
              ...(o.human ? [{ at: at(1), type: 'human_reply' }] : []),
              ...(o.solvedDay ? [{ at: at(o.solvedDay), type: 'status', status: 'solved' }] : []),
            ];
            await call(b, 'PUT', `/v1/tickets/${o.ticket}`, {
              token,
              body: {
                revision: o.revision,
                activity: {
                  ticketId: String(o.ticket),
                  usage: [],
                  lifecycle,
                  attributes: { channel: o.channel, group: o.group },
                },
              },
            });
          }
        }
        await repriceAllDirty(
          b.services.database.db,
          (id, tx) => b.services.plans.timeline(id, tx),
          b.clock,
        );
        for (const groupBy of ['day', 'channel', 'group', 'tool', 'outcome'] as const) {
          const fromRollups = await summary(
            b.services.database.db,
            tenant.id,
            new Date('2026-10-01T00:00:00Z'),
            new Date('2027-01-01T00:00:00Z'),
            groupBy,
          );
          const direct = (await b.services.database.db.execute(
            sql`SELECT count(*)::int AS n, coalesce(sum(t.confirmed_minor), 0)::text AS c, coalesce(sum(t.total_minor), 0)::text AS s FROM tickets t
                ${groupBy === 'tool' ? sql`CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(t.tools, '[]'::jsonb)) AS tool(name)` : sql``}
                WHERE t.tenant_id = ${tenant.id} AND t.outcome IS NOT NULL AND coalesce(t.decided_at, t.first_usage_at) IS NOT NULL`,
          )) as unknown as { rows: { n: number; c: string; s: string }[] };
          const total = fromRollups.reduce((n, r) => n + r.tickets, 0);
          expect(total, groupBy).toBe(direct.rows[0]!.n);
          const confirmed = fromRollups.reduce(
            (n, r) => n + BigInt(r.totalCost.replace('.', '')),
            0n,
          );
          expect(confirmed, groupBy).toBe(BigInt(direct.rows[0]!.c));
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
