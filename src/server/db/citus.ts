/**
 * The schema's layout on Citus (distributed PostgreSQL): `tenants` is a reference table (a copy
 * on every node, so every shard can check its foreign keys locally), and every table with a
 * `tenant_id` is distributed by it, all in one colocation group, so that each tenant's rows of
 * every table live on one node and every query the backend makes, being scoped to one tenant,
 * runs on that node alone. Bookkeeping without a tenant (`schema_migrations`) stays on the
 * coordinator.
 *
 * Nothing here runs unless the `citus` extension is installed in the database: plain PostgreSQL
 * and PGlite never see it.
 * @module
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../ledger/usage.js';

type Rows<T> = { rows: T[] };

async function rows<T>(tx: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await tx.execute(query)) as unknown as Rows<T>).rows;
}

/** Whether the database is a Citus coordinator (or a Citus node at all). */
export async function hasCitus(tx: Tx): Promise<boolean> {
  const found = await rows(tx, sql`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
  return found.length > 0;
}

/**
 * Puts a migration's transaction on one connection per node. Otherwise Citus refuses DDL on a
 * reference table (a foreign key to `tenants` from a new table, say) once the transaction has
 * altered a distributed table over parallel connections: a migration that adds a column to
 * `tickets` and then creates a tenant table would fail. Must come before the first statement.
 */
export async function sequentialDdl(tx: Tx): Promise<void> {
  await tx.execute(sql`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
}

interface TableState {
  readonly name: string;
  /** pg_dist_partition's partmethod: 'h' hash-distributed, 'n' reference or Citus-local; null: plain. */
  readonly method: string | null;
  /** pg_dist_partition's repmodel: 't' for a reference table. */
  readonly repmodel: string | null;
  readonly tenantKeyed: boolean;
}

/** The tables of the current schema and how Citus holds each. */
async function tablesOf(tx: Tx): Promise<TableState[]> {
  // Citus hides its shards from catalogue queries, but the coordinator holds the reference
  // table's shard in the same schema: known shards are left out explicitly.
  return rows<TableState>(
    tx,
    sql`SELECT c.relname AS name, p.partmethod AS method, p.repmodel AS repmodel,
          EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS "tenantKeyed"
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid
        WHERE c.relkind IN ('r', 'p') AND NOT relation_is_a_known_shard(c.oid)
        ORDER BY c.relname`,
  );
}

const qualified = (table: string) =>
  sql`format('%I.%I', current_schema(), ${table}::text)::regclass`;

/**
 * Distributes what is not distributed yet: `tenants` first as a reference table, then every
 * tenant-keyed table by `tenant_id`, colocated with those already distributed. Idempotent: on a
 * database already laid out it reads the catalogue and changes nothing. Runs inside the caller's
 * transaction (a migration's), so a failure leaves the schema as it was.
 *
 * Works on a database with data (a PostgreSQL database moved onto a Citus coordinator): the rows
 * are copied to the shards, then the coordinator's local copies are emptied.
 */
export async function distributeByTenant(tx: Tx): Promise<string[]> {
  const tables = await tablesOf(tx);
  const tenants = tables.find((t) => t.name === 'tenants');
  const pending = tables.filter((t) => t.tenantKeyed && t.method !== 'h');
  const tenantsPending = tenants !== undefined && tenants.repmodel !== 't';
  if (!tenantsPending && pending.length === 0) return [];
  const done: string[] = [];
  if (tenantsPending) {
    await tx.execute(sql`SELECT create_reference_table(${qualified('tenants')})`);
    done.push('tenants');
  }
  // A foreign key between two tenant tables (activations to plan_versions) would stop the first
  // of them being distributed while the other is still local: such keys are dropped, then laid
  // again once both ends are distributed (the distribution column is in every one of them).
  // Drizzle spreads an array into a list of parameters: the names go as one JSON array.
  const pendingNames = sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(pending.map((t) => t.name))}::jsonb))`;
  const keys = await rows<{ table: string; name: string; definition: string }>(
    tx,
    sql`SELECT src.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
        FROM pg_constraint k
        JOIN pg_class src ON src.oid = k.conrelid
        JOIN pg_class dst ON dst.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = src.relnamespace AND n.nspname = current_schema()
        WHERE k.contype = 'f' AND dst.relname <> 'tenants'
          AND (src.relname = ANY(${pendingNames}) OR dst.relname = ANY(${pendingNames}))
        ORDER BY src.relname, k.conname`,
  );
  for (const key of keys) {
    await tx.execute(
      sql`ALTER TABLE ${sql.identifier(key.table)} DROP CONSTRAINT ${sql.identifier(key.name)}`,
    );
  }
  let anchor = tables.find((t) => t.tenantKeyed && t.method === 'h')?.name ?? null;
  for (const table of pending) {
    // The first table of a schema starts a colocation group of its own; the rest join it.
    await tx.execute(
      sql`SELECT create_distributed_table(${qualified(table.name)}, 'tenant_id', colocate_with => ${anchor === null ? sql`'none'` : sql`format('%I.%I', current_schema(), ${anchor}::text)`})`,
    );
    anchor ??= table.name;
    done.push(table.name);
  }
  for (const key of keys) {
    await tx.execute(
      sql`ALTER TABLE ${sql.identifier(key.table)} ADD CONSTRAINT ${sql.identifier(key.name)} ${sql.raw(key.definition)}`,
    );
  }
  // The rows now live in the shards; the coordinator's copies would only take space.
  for (const table of done) {
    await tx.execute(sql`SELECT truncate_local_data_after_distributing_table(${qualified(table)})`);
  }
  return done;
}
