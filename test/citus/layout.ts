/**
 * What Citus's catalogue says about a schema's tables: read from pg_dist_partition and
 * pg_dist_colocation, independently of the code that distributed them.
 */
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { expect } from 'vitest';
import * as schema from '../../src/server/db/schema.js';

export interface TableLayout {
  readonly table: string;
  /** partmethod: 'h' hash-distributed, 'n' reference (or Citus-local); null: a plain table. */
  readonly method: string | null;
  /** repmodel: 't' for a reference table. */
  readonly repmodel: string | null;
  readonly column: string | null;
  readonly colocation: number | null;
  readonly shardCount: number | null;
  readonly columnType: string | null;
}

/** The backend's tables: those of its Drizzle schema, and the migrator's bookkeeping. */
export const TABLES = [
  ...Object.values(schema)
    .filter((t) => is(t, PgTable))
    .map((t) => getTableName(t as PgTable)),
  'schema_migrations',
].sort();

export async function withClient<T>(url: string, use: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export async function layoutOf(url: string, schemaName: string): Promise<TableLayout[]> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<TableLayout>(
      `SELECT c.relname AS table, p.partmethod AS method, p.repmodel AS repmodel,
          CASE WHEN p.partmethod = 'h' THEN column_to_column_name(p.logicalrelid, p.partkey) END AS column,
          p.colocationid AS colocation, co.shardcount AS "shardCount",
          format_type(nullif(co.distributioncolumntype, 0), NULL) AS "columnType"
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = $1
        LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid
        LEFT JOIN pg_dist_colocation co ON co.colocationid = p.colocationid
        WHERE c.relkind = 'r' AND NOT relation_is_a_known_shard(c.oid)
        ORDER BY c.relname`,
      [schemaName],
    );
    return rows;
  });
}

/**
 * Asserts the layout the issue asks for: `tenants` a reference table, every other table of the
 * backend but the migrations' bookkeeping distributed by tenant_id, all in one colocation group.
 */
export function expectLayout(layout: readonly TableLayout[]): void {
  const byName = new Map(layout.map((t) => [t.table, t]));
  expect(layout.map((t) => t.table)).toEqual(TABLES);
  const tenants = byName.get('tenants');
  expect({ method: tenants?.method, repmodel: tenants?.repmodel }, 'tenants').toEqual({
    method: 'n',
    repmodel: 't',
  });
  expect(byName.get('schema_migrations')?.method ?? null, 'schema_migrations').toBe(null);
  const distributed = layout.filter(
    (t) => t.table !== 'tenants' && t.table !== 'schema_migrations',
  );
  const group = distributed[0]?.colocation;
  for (const t of distributed) {
    expect({ method: t.method, column: t.column, columnType: t.columnType }, t.table).toEqual({
      method: 'h',
      column: 'tenant_id',
      columnType: 'text',
    });
    expect(t.colocation, `${t.table} colocated with ${distributed[0]?.table}`).toBe(group);
  }
  expect(group === tenants?.colocation, 'tenants outside the tenant group').toBe(false);
}
