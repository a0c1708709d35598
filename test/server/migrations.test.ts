/**
 * Migrations: applied once, in order, even when several servers start together on one
 * PostgreSQL (they take an advisory lock before touching the schema); a database made by the
 * hand-written migrations of earlier releases is brought up to date in place, every row kept,
 * into the very schema a new database gets.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/pricing/index.js';
import { Sealer } from '../../src/server/auth/secrets.js';
import { schemaMigrations } from '../../src/server/db/bookkeeping.js';
import { type Database, openDatabase } from '../../src/server/db/database.js';
import { applyLegacy, migrate } from '../../src/server/db/migrate.js';
import { BASELINE, GENERATED, STEPS } from '../../src/server/db/migrations/index.js';
import {
  DISTRIBUTED_FROM,
  LEGACY_LAST,
  LEGACY_MIGRATIONS,
} from '../../src/server/db/migrations/legacy.js';
import { orderSteps } from '../../src/server/db/migrations/step.js';
import { PlanStore } from '../../src/server/plans/store.js';
import { TenantStore } from '../../src/server/tenants/store.js';
import { catalogOf, contentsOf } from './catalog.js';
import { databaseUrl, dropSchema, ENGINES, type Engine, USAGE_PLAN } from './harness.js';
import { fillLikeARelease } from './legacy-data.js';

/** A database of its own on the engine, closed (and its schema dropped) after `use`. */
async function withDatabase<T>(
  engine: Engine,
  use: (open: () => Promise<Database>) => Promise<T>,
): Promise<T> {
  const target = engine.target();
  const opened: Database[] = [];
  try {
    return await use(async () => {
      const database = await openDatabase(target, []);
      opened.push(database);
      return database;
    });
  } finally {
    for (const database of opened) await database.close();
    if ('schema' in target && target.schema) await dropSchema(target.url, target.schema);
  }
}

/** What a database made by a legacy release took next: the baseline, then every step after it. */
const AFTER_LEGACY = STEPS.map((s, i) => ({ id: LEGACY_LAST + 1 + i, name: s.name }));

async function recorded(database: Database): Promise<{ id: number; name: string }[]> {
  return database.db
    .select({ id: schemaMigrations.id, name: schemaMigrations.name })
    .from(schemaMigrations)
    .orderBy(schemaMigrations.id);
}

describe('migrations', { timeout: 90_000 }, () => {
  it('apply every step once on a new embedded database, numbered after the legacy ones, and again change nothing', async () => {
    const db = await openDatabase({ memory: true });
    expect(await recorded(db)).toEqual(AFTER_LEGACY);
    await migrate(db.db);
    expect(await recorded(db)).toEqual(AFTER_LEGACY);
    await db.close();
  });

  it('survive six servers starting at once on one PostgreSQL', async () => {
    const url = databaseUrl();
    const schema = `test_${randomBytes(6).toString('hex')}`;
    try {
      const opened = await Promise.all(
        Array.from({ length: 6 }, () => openDatabase({ url, schema })),
      );
      expect(await recorded(opened[0]!)).toEqual(AFTER_LEGACY);
      await Promise.all(opened.map((d) => d.close()));
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('begin with the baseline, the schema the legacy migrations make', () => {
    expect(GENERATED[0]?.name).toBe(BASELINE);
    expect(STEPS[0]?.name).toBe(BASELINE);
  });

  it('put each hand step right after the generated migration it names, and refuse one naming none', () => {
    const a = { name: '0000_a', statements: ['A'] };
    const b = { name: '0001_b', statements: ['B'] };
    const hand = (name: string, after: string) => ({ name, after, statements: [name] });
    expect(
      orderSteps([a, b], [hand('h1', '0001_b'), hand('h2', '0000_a'), hand('h3', '0001_b')]).map(
        (s) => s.name,
      ),
    ).toEqual(['0000_a', 'h2', '0001_b', 'h1', 'h3']);
    expect(() => orderSteps([a], [hand('h', '0009_gone')])).toThrow(
      'hand step h: no generated migration 0009_gone',
    );
  });
});

// Each builds, fills and upgrades databases: slow on PGlite on a busy machine, hence the time.
describe.each(ENGINES)(
  'a database made by the legacy migrations, on $name',
  { timeout: 90_000 },
  (engine) => {
    it('is upgraded in place: every row of every table kept, into the schema a new database has', async () => {
      await withDatabase(engine, async (open) => {
        const fresh = await open();
        await migrate(fresh.db);
        const expected = await catalogOf(fresh.db);

        const target = engine.target();
        const database = await openDatabase(target, []);
        try {
          await applyLegacy(database.db);
          await fillLikeARelease(database);
          const before = await contentsOf(database.db);
          // Every table holds rows, so that "kept" means something for each of them.
          for (const [table, rows] of Object.entries(before)) {
            expect(rows.length, table).toBeGreaterThan(0);
          }

          await migrate(database.db);

          const after = await contentsOf(database.db);
          const legacyRecords = before.schema_migrations!;
          // The tables the release had, row for row (later migrations' tables start empty), and
          // its own migration records among the new ones.
          const idOf = (row: string) => (JSON.parse(row) as { id: number }).id;
          const kept = Object.fromEntries(Object.keys(before).map((t) => [t, after[t]]));
          expect({
            ...kept,
            schema_migrations: after.schema_migrations!.filter((r) => idOf(r) <= LEGACY_LAST),
          }).toEqual(before);
          for (const table of Object.keys(after).filter((t) => !(t in before)))
            expect(after[table], table).toEqual([]);
          expect(legacyRecords).toHaveLength(LEGACY_MIGRATIONS.length);
          expect(await recorded(database)).toEqual([
            ...LEGACY_MIGRATIONS.map((m) => ({ id: m.id, name: m.name })),
            ...AFTER_LEGACY,
          ]);
          expect(await catalogOf(database.db)).toEqual(expected);
          // And it goes on working: the sequences carry on after the rows they numbered.
          await fillLikeARelease(database, 'later');
        } finally {
          await database.close();
          if ('schema' in target && target.schema) await dropSchema(target.url, target.schema);
        }
      });
    });

    it('made before activations were keyed by tenant, keeps every activation in its order, and numbers new ones after them', async () => {
      await withDatabase(engine, async (open) => {
        const database = await open();
        await applyLegacy(
          database.db,
          LEGACY_MIGRATIONS.filter((m) => m.id < DISTRIBUTED_FROM),
        );
        // Written the way the release before migration 5 wrote them (the identity numbers them).
        const tenants = new TenantStore(database.db, new Sealer(randomBytes(32)));
        const plans = new PlanStore(database.db);
        const ids: string[] = [];
        for (const account of ['acme', 'other']) {
          await tenants.create(account);
          ids.push((await tenants.byAccount(account))!.id);
        }
        const [acme, other] = ids as [string, string];
        const from = new Date('2026-01-01T00:00:00Z');
        const v1 = await plans.saveVersion(acme, parsePlan(USAGE_PLAN));
        const v2 = await plans.saveVersion(
          acme,
          parsePlan({ ...USAGE_PLAN, rates: { ...USAGE_PLAN.rates, conversation: '0.60' } }),
        );
        await plans.saveVersion(other, parsePlan(USAGE_PLAN));
        // v1, then v2, then a roll-back to v1, all from the same instant: the latest one wins.
        for (const version of [1, 2, 1])
          await plans.activate(acme, 'per-use', version, from, 'admin', true);
        await plans.activate(other, 'per-use', 1, from, 'admin', false);
        const history = await plans.history(acme);
        expect((await plans.active(acme, new Date('2026-06-01T00:00:00Z')))?.version).toBe(
          v1.version,
        );

        await migrate(database.db);

        expect(await recorded(database)).toEqual([
          ...LEGACY_MIGRATIONS.map((m) => ({ id: m.id, name: m.name })),
          ...AFTER_LEGACY,
        ]);
        expect(await plans.history(acme)).toEqual(history);
        expect(await plans.history(other)).toHaveLength(1);
        expect((await plans.active(acme, new Date('2026-06-01T00:00:00Z')))?.version).toBe(
          v1.version,
        );
        // A new activation from the same instant is numbered after the old ones, so it wins.
        await plans.activate(acme, 'per-use', v2.version, from, 'admin', true);
        expect((await plans.active(acme, new Date('2026-06-01T00:00:00Z')))?.version).toBe(
          v2.version,
        );
        expect((await plans.history(acme)).map((a) => a.version)).toEqual([2, 1, 2, 1]);
        const key = (await database.db.execute(
          sql`SELECT a.attname AS column FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = 'activations'::regclass AND i.indisprimary
            ORDER BY array_position(i.indkey, a.attnum)`,
        )) as unknown as { rows: { column: string }[] };
        expect(key.rows.map((r) => r.column)).toEqual(['tenant_id', 'seq']);
        // The identity is gone (Citus could not alter it once distributed); the sequence numbers.
        const identity = (await database.db.execute(
          sql`SELECT attidentity FROM pg_attribute WHERE attrelid = 'activations'::regclass AND attname = 'seq'`,
        )) as unknown as { rows: { attidentity: string }[] };
        expect(identity.rows[0]?.attidentity).toBe('');
      });
    });
  },
);
