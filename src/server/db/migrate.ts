/**
 * Brings a database's schema up to date at start, on PGlite, PostgreSQL and Citus alike, under
 * one advisory lock so that instances starting together against one PostgreSQL apply each
 * migration once:
 *
 * 1. a database made by the hand-written migrations of earlier releases (legacy.ts) gets the
 *    ones it lacks, then takes the generated baseline as applied, being that schema already;
 * 2. the generated migrations and the hand steps after them (migrations/) run in order, each in
 *    its own transaction, each recorded by name;
 * 3. on a Citus coordinator, each table is distributed by tenant right after it is created
 *    (citus.ts), and a database whose tables were all made before Citus was installed in it
 *    (a PostgreSQL dump restored onto a coordinator) is distributed once at the end.
 * @module
 */
import { eq, sql } from 'drizzle-orm';
import { CREATE_SCHEMA_MIGRATIONS, schemaMigrations } from './bookkeeping.js';
import { distributeByTenant, hasCitus, sequentialDdl } from './citus.js';
import type { Db } from './database.js';
import { BASELINE, STEPS, type Step } from './migrations/index.js';
import {
  DISTRIBUTED_FROM,
  LEGACY_LAST,
  LEGACY_MIGRATIONS,
  type Migration,
} from './migrations/legacy.js';

/** The lock every instance takes before it reads or changes the schema. */
const MIGRATION_LOCK = 7215001;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** In a transaction of its own, under the lock. */
function locked<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${sql.raw(String(MIGRATION_LOCK))})`);
    return work(tx);
  });
}

/** The bookkeeping table, and whether the database is a Citus coordinator. */
async function prepare(db: Db): Promise<boolean> {
  // Under the lock too: two servers creating the table at once can collide even with IF NOT EXISTS.
  return locked(db, async (tx) => {
    await tx.execute(sql.raw(CREATE_SCHEMA_MIGRATIONS));
    return hasCitus(tx);
  });
}

/**
 * Runs a migration's statements. On Citus, each table is distributed right after its CREATE
 * TABLE, so that the migration's next statements (a foreign key to it from another tenant table,
 * say) meet a distributed table; `distribute: false` for the legacy migrations before Citus.
 */
async function run(
  tx: Tx,
  statements: readonly string[],
  citus: boolean,
  distribute: boolean,
): Promise<void> {
  if (citus) await sequentialDdl(tx);
  for (const statement of statements) {
    await tx.execute(sql.raw(statement));
    if (citus && distribute && /^CREATE TABLE/i.test(statement)) await distributeByTenant(tx);
  }
  if (citus && distribute) await distributeByTenant(tx);
}

/**
 * The frozen path: applies the legacy migrations a database lacks, by id, exactly as the releases
 * before the generated schema did. Exported so that tests can make a database as one of those
 * releases left it.
 */
export async function applyLegacy(
  db: Db,
  migrations: readonly Migration[] = LEGACY_MIGRATIONS,
): Promise<void> {
  const citus = await prepare(db);
  for (const migration of migrations) {
    await locked(db, async (tx) => {
      const done = await tx
        .select({ id: schemaMigrations.id })
        .from(schemaMigrations)
        .where(eq(schemaMigrations.id, migration.id));
      if (done.length > 0) return;
      const statements = migration.sql
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean);
      await run(tx, statements, citus, migration.id >= DISTRIBUTED_FROM);
      await tx.insert(schemaMigrations).values({ id: migration.id, name: migration.name });
    });
  }
}

async function applied(tx: Tx, name: string): Promise<boolean> {
  const rows = await tx
    .select({ id: schemaMigrations.id })
    .from(schemaMigrations)
    .where(eq(schemaMigrations.name, name));
  return rows.length > 0;
}

/** Records a migration as applied, numbered after everything before it (after 7 at least). */
async function record(tx: Tx, name: string): Promise<void> {
  await tx.execute(
    sql`INSERT INTO schema_migrations (id, name)
        SELECT coalesce(max(id), ${LEGACY_LAST}) + 1, ${name} FROM schema_migrations`,
  );
}

/** Whether the database was made by the legacy migrations and has not taken the baseline yet. */
async function legacyPending(db: Db): Promise<boolean> {
  return locked(db, async (tx) => {
    if (await applied(tx, BASELINE)) return false;
    const legacy = await tx
      .select({ id: schemaMigrations.id })
      .from(schemaMigrations)
      .where(sql`${schemaMigrations.id} <= ${LEGACY_LAST}`)
      .limit(1);
    return legacy.length > 0;
  });
}

/** Applies what the database lacks; `steps` lets tests add a migration of a later release. */
export async function migrate(db: Db, steps: readonly Step[] = STEPS): Promise<void> {
  const citus = await prepare(db);
  if (await legacyPending(db)) {
    await applyLegacy(db);
    // The legacy migrations made the baseline's schema (the upgrade test compares the two).
    await locked(db, async (tx) => {
      if (!(await applied(tx, BASELINE))) await record(tx, BASELINE);
    });
  }
  for (const step of steps) {
    await locked(db, async (tx) => {
      if (await applied(tx, step.name)) return;
      await run(tx, step.statements, citus, true);
      await record(tx, step.name);
    });
  }
  // A database whose tables were made before Citus was installed in it is distributed here,
  // once: on one already laid out this reads the catalogue and changes nothing.
  if (citus) {
    await locked(db, async (tx) => {
      await sequentialDdl(tx);
      await distributeByTenant(tx);
    });
  }
}
