/**
 * A schema as PostgreSQL's catalogue describes it, read independently of the code that made it:
 * tables with their columns in order, constraints, indexes and sequences of the current schema,
 * with the schema's own name left out, so two databases (or two schemas) compare equal exactly
 * when their schemas are the same. And every row of every table, to compare contents.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/server/db/database.js';

export interface Catalog {
  readonly tables: Record<
    string,
    {
      readonly columns: string[];
      readonly constraints: Record<string, string>;
      readonly indexes: Record<string, string>;
    }
  >;
  readonly sequences: Record<string, string>;
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Citus keeps shards of reference tables beside them on the coordinator: never ours. */
export async function shardFilter(db: Db): Promise<ReturnType<typeof sql>> {
  const citus = await rows(db, sql`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
  return citus.length > 0 ? sql`AND NOT relation_is_a_known_shard(c.oid)` : sql``;
}

export async function catalogOf(db: Db): Promise<Catalog> {
  const notShard = await shardFilter(db);
  const [current] = await rows<{ schema: string }>(db, sql`SELECT current_schema() AS schema`);
  const schema = current!.schema;
  const unqualified = (text: string) => text.replaceAll(`${schema}.`, '');
  const columns = await rows<{ table: string; column: string }>(
    db,
    sql`SELECT c.relname AS table,
          format('%s %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
            CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
            coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')) AS column
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE c.relkind IN ('r', 'p') ${notShard}
        ORDER BY c.relname, a.attnum`,
  );
  const constraints = await rows<{ table: string; name: string; definition: string }>(
    db,
    sql`SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        WHERE k.contype <> 'n' ${notShard}`,
  );
  const indexes = await rows<{ table: string; name: string; definition: string }>(
    db,
    sql`SELECT c.relname AS table, i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
        FROM pg_index x
        JOIN pg_class c ON c.oid = x.indrelid
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        WHERE true ${notShard}`,
  );
  const sequences = await rows<{ name: string; definition: string }>(
    db,
    sql`SELECT s.relname AS name,
          format('%s from %s to %s by %s cache %s%s owned by %s', format_type(q.seqtypid, NULL),
            q.seqmin, q.seqmax, q.seqincrement, q.seqcache,
            CASE WHEN q.seqcycle THEN ' cycle' ELSE '' END,
            coalesce((SELECT t.relname || '.' || a.attname FROM pg_depend dep
              JOIN pg_class t ON t.oid = dep.refobjid
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = dep.refobjsubid
              WHERE dep.objid = s.oid AND dep.classid = 'pg_class'::regclass
                AND dep.deptype IN ('a', 'i')), 'nothing')) AS definition
        FROM pg_class s
        JOIN pg_namespace n ON n.oid = s.relnamespace AND n.nspname = current_schema()
        JOIN pg_sequence q ON q.seqrelid = s.oid
        WHERE s.relkind = 'S'`,
  );
  const tables: Record<string, Catalog['tables'][string]> = {};
  for (const { table, column } of columns) {
    tables[table] ??= { columns: [], constraints: {}, indexes: {} };
    tables[table].columns.push(column);
  }
  for (const { table, name, definition } of constraints) {
    tables[table]!.constraints[name] = unqualified(definition);
  }
  for (const { table, name, definition } of indexes) {
    tables[table]!.indexes[name] = unqualified(definition);
  }
  return {
    tables,
    sequences: Object.fromEntries(sequences.map((s) => [s.name, s.definition])),
  };
}

/** Every row of every table of the current schema, each as JSON, in a stable order. */
export async function contentsOf(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of Object.keys((await catalogOf(db)).tables).sort()) {
    const found = await rows<{ row: string }>(
      db,
      sql`SELECT to_jsonb(t)::text AS row FROM ${sql.identifier(table)} t ORDER BY 1`,
    );
    out[table] = found.map((r) => r.row);
  }
  return out;
}
