/**
 * One SQL dialect, two engines: PostgreSQL through node-postgres when a URL is given, else
 * PGlite (PostgreSQL compiled to WebAssembly) embedded and persisted in a data directory.
 * Both are driven through Drizzle with the same schema and the same queries.
 * @module
 */
import { PGlite } from '@electric-sql/pglite';
import { eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { distributeByTenant, hasCitus, sequentialDdl } from './citus.js';
import { DISTRIBUTED_FROM, MIGRATIONS, type Migration } from './migrations.js';
import { privateDirectory, tighten } from './private-dir.js';
import * as schema from './schema.js';

/** What both drivers are: a PostgreSQL database with our schema. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  readonly db: Db;
  readonly engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { readonly url: string; readonly schema?: string | undefined }
  | { readonly dataDir: string }
  | { readonly memory: true };

/** A connection URL without its `options` parameter (server settings), and those settings. */
function splitOptions(url: string): { url: string; options: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, options: '' };
  }
  const options = parsed.searchParams.get('options');
  if (options === null) return { url, options: '' };
  parsed.searchParams.delete('options');
  return { url: parsed.toString(), options };
}

/** Opens the database and brings its schema up to date (tests: up to the given migrations). */
export async function openDatabase(
  target: DatabaseTarget,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<Database> {
  let database: Database;
  if ('url' in target) {
    // A search path per instance lets tests (and tenants that want it) use their own schema.
    // Settings the URL passes itself (`?options=-c …`) are kept beside it: node-postgres would
    // otherwise let the URL's options replace the search path.
    const { url, options } = target.schema
      ? splitOptions(target.url)
      : { url: target.url, options: '' };
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      ...(target.schema ? { options: `${options} -c search_path=${target.schema}`.trim() } : {}),
    });
    if (target.schema) {
      const client = await pool.connect();
      try {
        // Instances starting together would race on the catalogue even with IF NOT EXISTS.
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(7215001)');
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    }
    database = { db: drizzlePg(pool, { schema }), engine: 'postgres', close: () => pool.end() };
  } else {
    let client: PGlite;
    if ('dataDir' in target) {
      privateDirectory(target.dataDir);
      client = new PGlite(target.dataDir);
    } else {
      client = new PGlite();
    }
    await client.waitReady;
    // PGlite lays out a new data directory with files 0666, whatever the umask.
    if ('dataDir' in target) tighten(target.dataDir);
    database = {
      db: drizzlePglite(client, { schema }),
      engine: 'pglite',
      close: () => client.close(),
    };
  }
  await migrate(database.db, migrations);
  return database;
}

/**
 * Applies the migrations not yet applied, each in its own transaction, under an advisory lock so
 * that instances starting together against one PostgreSQL apply each migration once. On a Citus
 * coordinator, each migration from DISTRIBUTED_FROM on also distributes the tables it created,
 * in its own transaction (see citus.ts). Exported with a list of migrations so that tests can
 * make a database as an older release left it.
 */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  let citus = false;
  // Under the lock too: two servers creating the table at once can collide even with IF NOT EXISTS.
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7215001)`);
    await tx.execute(
      sql`CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    citus = await hasCitus(tx);
  });
  for (const migration of migrations) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(7215001)`);
      const done = await tx
        .select({ id: schema.schemaMigrations.id })
        .from(schema.schemaMigrations)
        .where(eq(schema.schemaMigrations.id, migration.id));
      if (done.length > 0) return;
      if (citus) await sequentialDdl(tx);
      for (const statement of migration.sql
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await tx.execute(sql.raw(statement));
        // Right after it is created, so that the migration's next statements (a foreign key to
        // it from another tenant table, say) meet a distributed table.
        if (citus && migration.id >= DISTRIBUTED_FROM && /^CREATE TABLE/i.test(statement)) {
          await distributeByTenant(tx);
        }
      }
      if (citus && migration.id >= DISTRIBUTED_FROM) await distributeByTenant(tx);
      await tx.insert(schema.schemaMigrations).values({ id: migration.id, name: migration.name });
    });
  }
  // A database whose migrations ran before Citus was installed in it (a PostgreSQL database
  // restored onto a coordinator) is distributed here, once: on one already laid out this reads
  // the catalogue and changes nothing.
  if (citus && migrations.some((m) => m.id >= DISTRIBUTED_FROM)) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(7215001)`);
      await sequentialDdl(tx);
      await distributeByTenant(tx);
    });
  }
}
