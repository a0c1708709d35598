/**
 * Migrations: applied once, in order, even when several servers start together on one
 * PostgreSQL (they take an advisory lock before touching the schema); a database made by an
 * older release is brought up to date in place, its rows kept.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/pricing/index.js';
import { Sealer } from '../../src/server/auth/secrets.js';
import { migrate, openDatabase } from '../../src/server/db/database.js';
import { DISTRIBUTED_FROM, MIGRATIONS } from '../../src/server/db/migrations.js';
import { schemaMigrations } from '../../src/server/db/schema.js';
import { PlanStore } from '../../src/server/plans/store.js';
import { TenantStore } from '../../src/server/tenants/store.js';
import { databaseUrl, dropSchema, ENGINES, USAGE_PLAN } from './harness.js';

describe('migrations', () => {
  it('apply every migration once on a new embedded database, and again changes nothing', async () => {
    const db = await openDatabase({ memory: true });
    const applied = await db.db.select().from(schemaMigrations).orderBy(schemaMigrations.id);
    expect(applied.map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
    await migrate(db.db);
    expect(await db.db.select().from(schemaMigrations)).toHaveLength(MIGRATIONS.length);
    await db.close();
  });

  it('survive six servers starting at once on one PostgreSQL', async () => {
    const url = databaseUrl();
    const schema = `test_${randomBytes(6).toString('hex')}`;
    try {
      const opened = await Promise.all(
        Array.from({ length: 6 }, () => openDatabase({ url, schema })),
      );
      const applied = await opened[0]!.db.select().from(schemaMigrations);
      expect(applied).toHaveLength(MIGRATIONS.length);
      await Promise.all(opened.map((d) => d.close()));
    } finally {
      await dropSchema(url, schema);
    }
  });
});

describe.each(ENGINES)(
  'a database made before activations were keyed by tenant, on $name',
  (engine) => {
    it('is upgraded in place: every activation kept, in its order, and new ones after them', async () => {
      const target = engine.target();
      const older = MIGRATIONS.filter((m) => m.id < DISTRIBUTED_FROM);
      const database = await openDatabase(target, older);
      try {
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

        const applied = await database.db
          .select()
          .from(schemaMigrations)
          .orderBy(schemaMigrations.id);
        expect(applied.map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
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
      } finally {
        await database.close();
        if ('schema' in target && target.schema) await dropSchema(target.url, target.schema);
      }
    });
  },
);
