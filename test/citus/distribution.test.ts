/**
 * The schema's layout on a Citus cluster, read back from Citus's own catalogue: on a new
 * database, on one made by the migrations before Citus support (upgraded in place, rows and
 * all), and on one whose migrations all ran before Citus was installed in it (a restored dump).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { applyLegacy, migrate } from '../../src/server/db/migrate.js';
import { STEPS } from '../../src/server/db/migrations/index.js';
import { DISTRIBUTED_FROM, LEGACY_MIGRATIONS } from '../../src/server/db/migrations/legacy.js';
import { createApp } from '../../src/server/http/app.js';
import { repriceAllDirty } from '../../src/server/ledger/tickets.js';
import { servicesOver } from '../../src/server/services.js';
import { activatePlan, dropSchema, USAGE_PLAN } from '../server/harness.js';
import { expectLayout, layoutOf, TABLES, type TableLayout, withClient } from './layout.js';

/** Tables that migrations after the distribution's made (6: disputes; 8: budgets and alerts). */
const LATER_TABLES = [
  'disputes',
  'budgets',
  'alert_destinations',
  'budget_alerts',
  'alert_deliveries',
];

/**
 * Before distribution: the backend's tables that the migrations run so far made (a later
 * migration's may not exist yet), none of them distributed.
 */
function expectNothingDistributed(layout: readonly TableLayout[]): void {
  expect(layout.map((t) => t.method)).toEqual(layout.map(() => null));
  expect(layout.map((t) => t.table).filter((t) => !TABLES.includes(t))).toEqual([]);
  const names = layout.map((t) => t.table);
  expect(TABLES.filter((t) => !LATER_TABLES.includes(t) && !names.includes(t))).toEqual([]);
}

const url = process.env.CITUS_URL!;
const schemas: string[] = [];
const newSchema = () => {
  const name = `test_${randomBytes(6).toString('hex')}`;
  schemas.push(name);
  return name;
};
afterAll(async () => {
  for (const name of schemas) await dropSchema(url, name);
});

/** Rows per table and the ledger's total, to compare before and after distributing. */
async function contents(schema: string): Promise<Record<string, string>> {
  return withClient(url, async (c) => {
    await c.query(`SET search_path TO "${schema}"`);
    const out: Record<string, string> = {};
    for (const table of TABLES) {
      // A table a later migration makes (disputes) is not there yet: it holds no rows.
      const there = (await c.query('SELECT to_regclass($1) IS NOT NULL AS t', [table])).rows[0].t;
      out[table] = there
        ? (await c.query(`SELECT count(*)::text AS n FROM ${table}`)).rows[0].n
        : '0';
    }
    out.total_minor = (await c.query('SELECT sum(total_minor)::text AS s FROM tickets')).rows[0].s;
    return out;
  });
}

describe('on a Citus cluster, the migrations', () => {
  it('make tenants a reference table and distribute every other table by tenant_id, colocated', async () => {
    const schema = newSchema();
    const database = await openDatabase({ url, schema });
    await database.close();
    const layout = await layoutOf(url, schema);
    expectLayout(layout);
    const shardCount = await withClient(
      url,
      async (c) =>
        (await c.query("SELECT current_setting('citus.shard_count')::int AS n")).rows[0].n,
    );
    expect(layout.find((t) => t.table === 'tickets')?.shardCount).toBe(shardCount);
  });

  it('distribute a database made before Citus support in place, every row moved to the shards', async () => {
    const schema = newSchema();
    const database = await openDatabase({ url, schema }, []);
    try {
      await applyLegacy(
        database.db,
        LEGACY_MIGRATIONS.filter((m) => m.id < DISTRIBUTED_FROM),
      );
      expectNothingDistributed(await layoutOf(url, schema));
      // A ledger as the release before wrote it: two tenants, plans, priced usage, rollups.
      const services = servicesOver(
        database,
        randomBytes(32),
        loadConfig({ LOG_LEVEL: 'silent' }),
        () => new Date('2026-11-20T12:00:00Z'),
      );
      const backend = {
        services,
        app: createApp(services),
        clock: services.now(),
        close: async () => {},
      };
      const tenantIds: string[] = [];
      for (const account of ['acme', 'other']) {
        const secrets = await services.tenants.create(account);
        await activatePlan(backend, account, USAGE_PLAN);
        tenantIds.push((await services.tenants.byAccount(account))!.id);
        const events = Array.from({ length: 30 }, (_, i) => ({
          ticketId: String(1 + (i % 4)),
          id: `${account}-${i}`,
          at: '2026-11-19T10:00:00Z',
          metric: i % 3 === 0 ? 'conversation' : 'tool_call',
          ...(i % 3 === 0 ? {} : { tool: 'crm' }),
          quantity: 1,
        }));
        const posted = await backend.app.request('/v1/usage-events', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${secrets.ingestKey}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ events }),
        });
        expect(posted.status).toBe(200);
      }
      await repriceAllDirty(
        database.db,
        (id, tx) => services.plans.timeline(id, tx),
        services.now(),
      );
      const before = await contents(schema);
      expect(Number(before.usage_events)).toBe(60);
      expect(Number(before.ticket_rollups)).toBeGreaterThan(0);

      await migrate(database.db);

      expectLayout(await layoutOf(url, schema));
      expect(await contents(schema)).toEqual({
        ...before,
        schema_migrations: String(LEGACY_MIGRATIONS.length + STEPS.length),
      });
      await withClient(url, async (c) => {
        await c.query(`SET search_path TO "${schema}"`);
        const distributed = TABLES.filter((t) => t !== 'tenants' && t !== 'schema_migrations');
        for (const table of [...distributed, 'tenants']) {
          // The coordinator's own copy was emptied once the rows were on the shards.
          const size = await c.query(`SELECT pg_relation_size($1::regclass)::int AS n`, [table]);
          expect(size.rows[0].n, `${table} left on the coordinator`).toBe(0);
        }
        for (const tenantId of tenantIds) {
          // Colocated: every table's rows of one tenant are on one node.
          const nodes = await c.query(
            `SELECT DISTINCT p.nodeport FROM pg_dist_placement pl JOIN pg_dist_node p ON p.groupid = pl.groupid
             WHERE pl.shardid IN (SELECT get_shard_id_for_distribution_column(t::regclass, $1::text) FROM unnest($2::text[]) AS t)`,
            [tenantId, distributed],
          );
          expect(nodes.rows, `tenant ${tenantId}`).toHaveLength(1);
        }
      });
    } finally {
      await database.close();
    }
  });

  it('distribute a table a later migration creates, in that migration, beside a change to a distributed one', async () => {
    const schema = newSchema();
    const database = await openDatabase({ url, schema });
    try {
      // A migration as drizzle-kit writes one for the next release: a column on a distributed
      // table, a new tenant table, then its foreign keys (drizzle-kit puts every one in an ALTER
      // TABLE after the CREATE TABLE), to the reference table and to a distributed one.
      const next = {
        name: '0001_ticket_notes',
        statements: [
          'ALTER TABLE "tickets" ADD COLUMN "note_count" integer DEFAULT 0 NOT NULL;',
          `CREATE TABLE "ticket_notes" (
            "tenant_id" text NOT NULL,
            "ticket_id" text NOT NULL,
            "id" text NOT NULL,
            CONSTRAINT "ticket_notes_pkey" PRIMARY KEY("tenant_id","ticket_id","id")
          );`,
          'ALTER TABLE "ticket_notes" ADD CONSTRAINT "ticket_notes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id");',
          'ALTER TABLE "ticket_notes" ADD CONSTRAINT "ticket_notes_ticket_fkey" FOREIGN KEY ("tenant_id","ticket_id") REFERENCES "tickets"("tenant_id","ticket_id");',
        ],
      };
      await migrate(database.db, [...STEPS, next]);
      const layout = await layoutOf(url, schema);
      const notes = layout.find((t) => t.table === 'ticket_notes');
      const tickets = layout.find((t) => t.table === 'tickets');
      expect({ method: notes?.method, column: notes?.column }).toEqual({
        method: 'h',
        column: 'tenant_id',
      });
      expect(notes?.colocation).toBe(tickets?.colocation);
    } finally {
      await database.close();
    }
  });

  it('distribute a database whose migrations all ran before Citus was installed in it', async () => {
    const schema = newSchema();
    // What restoring a plain PostgreSQL database's dump onto a coordinator leaves: every table
    // local, every migration recorded as applied.
    await withClient(url, async (c) => {
      await c.query(`CREATE SCHEMA "${schema}"`);
      await c.query(`SET search_path TO "${schema}"`);
      await c.query('BEGIN');
      await c.query(
        'CREATE TABLE schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      for (const migration of LEGACY_MIGRATIONS) {
        for (const statement of migration.sql
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean)) {
          await c.query(statement);
        }
        await c.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [
          migration.id,
          migration.name,
        ]);
      }
      await c.query(
        `INSERT INTO tenants (id, account, ingest_key_hash, shared_secret_enc, webhook_secret_enc) VALUES ('t1', 'acme', 'h', 's', 'w')`,
      );
      await c.query('COMMIT');
    });
    expectNothingDistributed(await layoutOf(url, schema));
    const database = await openDatabase({ url, schema });
    await database.close();
    expectLayout(await layoutOf(url, schema));
    expect((await contents(schema)).tenants).toBe('1');
  });
});
