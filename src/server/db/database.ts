/**
 * One SQL dialect, two engines: PostgreSQL through node-postgres when a URL is given, else
 * PGlite (PostgreSQL compiled to WebAssembly) embedded and persisted in a data directory.
 * Both are driven through Drizzle with the same schema and the same queries.
 * @module
 */
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { migrate } from './migrate.js';
import type { Step } from './migrations/index.js';
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

/**
 * Opens the database and brings its schema up to date (migrate.ts). Tests may pass the steps to
 * apply: none, to make a database as a legacy release would (migrate.ts's applyLegacy).
 */
export async function openDatabase(
  target: DatabaseTarget,
  steps?: readonly Step[],
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
  if (steps?.length === 0) return database;
  await migrate(database.db, steps);
  return database;
}
