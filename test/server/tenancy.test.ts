/**
 * Distributable by tenant: every table but the tenant registry keys its rows by tenant first
 * (primary key, unique constraints and unique indexes lead with tenant_id), and no foreign key
 * can join two tenants' rows (each one maps tenant_id to tenant_id, or to the tenant itself).
 * That is what lets Citus keep each account's rows of every table on one node (citus.ts).
 * Checked twice: from the Drizzle schema, and from a freshly migrated database's catalogue.
 */
import { getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/database.js';
import * as schema from '../../src/server/db/schema.js';
import { shardFilter } from './catalog.js';
import { backendTest, ENGINES } from './harness.js';

/** The registry of tenants: on Citus a reference table, its key the tenant itself. */
const REGISTRY = 'tenants';
/** The migrator's own record, without tenants (on Citus it stays on the coordinator). */
const BOOKKEEPING = 'schema_migrations';

/** What breaks the rule in one table, given its keys as lists of column names. */
function breaches(table: {
  name: string;
  columns: string[];
  keys: { kind: string; columns: string[] }[];
  foreignKeys: { to: string; pairs: [string, string][] }[];
}): string[] {
  if (table.name === REGISTRY) return [];
  const found: string[] = [];
  if (!table.columns.includes('tenant_id')) found.push(`${table.name}: no tenant_id`);
  if (!table.keys.some((k) => k.kind === 'primary key'))
    found.push(`${table.name}: no primary key`);
  for (const key of table.keys) {
    if (key.columns[0] !== 'tenant_id') {
      found.push(
        `${table.name}: ${key.kind} (${key.columns.join(', ')}) does not lead with tenant_id`,
      );
    }
  }
  for (const fk of table.foreignKeys) {
    const tenantPair = fk.pairs.find(([from]) => from === 'tenant_id');
    const expected = fk.to === REGISTRY ? 'id' : 'tenant_id';
    if (tenantPair?.[1] !== expected) {
      found.push(`${table.name}: foreign key to ${fk.to} does not map tenant_id to ${expected}`);
    }
  }
  return found;
}

describe('the schema is distributable by tenant', () => {
  it('in its Drizzle tables: keys lead with tenant_id, foreign keys stay within a tenant', () => {
    const tables = Object.values(schema)
      .filter((t) => is(t, PgTable))
      .map((t) => getTableConfig(t as PgTable));
    expect(tables.map((t) => t.name)).toContain('ticket_rollups');
    const found = tables.flatMap((t) =>
      breaches({
        name: t.name,
        columns: t.columns.map((c) => c.name),
        keys: [
          ...t.primaryKeys.map((k) => ({
            kind: 'primary key',
            columns: k.columns.map((c) => c.name),
          })),
          ...t.columns
            .filter((c) => c.primary)
            .map((c) => ({ kind: 'primary key', columns: [c.name] })),
          ...t.uniqueConstraints.map((u) => ({
            kind: 'unique constraint',
            columns: u.columns.map((c) => c.name),
          })),
          ...t.columns
            .filter((c) => c.isUnique)
            .map((c) => ({ kind: 'unique column', columns: [c.name] })),
          ...t.indexes
            .filter((i) => i.config.unique)
            .map((i) => ({
              kind: `unique index ${i.config.name}`,
              columns: i.config.columns.map((c) => ('name' in c ? String(c.name) : '?')),
            })),
        ],
        foreignKeys: t.foreignKeys.map((fk) => {
          const ref = fk.reference();
          return {
            to: getTableName(ref.foreignTable),
            pairs: ref.columns.map((c, i): [string, string] => [
              c.name,
              ref.foreignColumns[i]!.name,
            ]),
          };
        }),
      }),
    );
    expect(found).toEqual([]);
  });

  it('catches a table that breaks the rule', () => {
    expect(
      breaches({
        name: 'notes',
        columns: ['id', 'tenant_id'],
        keys: [
          { kind: 'primary key', columns: ['id'] },
          { kind: 'unique constraint', columns: ['tenant_id', 'id'] },
        ],
        foreignKeys: [
          { to: 'tickets', pairs: [['ticket_id', 'ticket_id']] },
          { to: 'tenants', pairs: [['tenant_id', 'id']] },
        ],
      }),
    ).toEqual([
      'notes: primary key (id) does not lead with tenant_id',
      'notes: foreign key to tickets does not map tenant_id to tenant_id',
    ]);
    expect(breaches({ name: 'audit', columns: ['id'], keys: [], foreignKeys: [] })).toEqual([
      'audit: no tenant_id',
      'audit: no primary key',
    ]);
  });

  describe.each(ENGINES)('in a migrated database on $name', (engine) => {
    let db: Db;
    backendTest.beforeAll(async ({ backends }) => {
      db = (await backends.start(engine)).services.database.db;
    });

    it('as its catalogue has it', async () => {
      const rows = async <T>(query: ReturnType<typeof sql>) =>
        ((await db.execute(query)) as unknown as { rows: T[] }).rows;
      const notShard = await shardFilter(db);
      const tables = await rows<{ name: string; columns: string[] }>(
        sql`SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind IN ('r', 'p') ${notShard}
            GROUP BY c.relname`,
      );
      const keys = await rows<{ table: string; kind: string; columns: string[] }>(
        sql`SELECT t.relname AS table,
              CASE WHEN x.indisprimary THEN 'primary key' ELSE 'unique index ' || i.relname END AS kind,
              ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns
            FROM pg_index x
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
            WHERE x.indisunique`,
      );
      const foreignKeys = await rows<{ table: string; to: string; pairs: [string, string][] }>(
        sql`SELECT s.relname AS table, d.relname AS to,
              ARRAY(SELECT ARRAY[sa.attname::text, da.attname::text]
                    FROM unnest(k.conkey, k.confkey) AS p(s, d)
                    JOIN pg_attribute sa ON sa.attrelid = s.oid AND sa.attnum = p.s
                    JOIN pg_attribute da ON da.attrelid = d.oid AND da.attnum = p.d) AS pairs
            FROM pg_constraint k
            JOIN pg_class s ON s.oid = k.conrelid
            JOIN pg_class d ON d.oid = k.confrelid
            JOIN pg_namespace n ON n.oid = s.relnamespace AND n.nspname = current_schema()
            WHERE k.contype = 'f'`,
      );
      const ours = tables.filter((t) => t.name !== BOOKKEEPING);
      expect(ours.map((t) => t.name).sort()).toEqual(
        Object.values(schema)
          .filter((t) => is(t, PgTable))
          .map((t) => getTableName(t as PgTable))
          .sort(),
      );
      const found = ours.flatMap((t) =>
        breaches({
          name: t.name,
          columns: t.columns,
          keys: keys.filter((k) => k.table === t.name),
          foreignKeys: foreignKeys.filter((f) => f.table === t.name),
        }),
      );
      expect(found).toEqual([]);
    });
  });
});
