/**
 * Migrations: applied once, in order, even when several servers start together on one
 * PostgreSQL (they take an advisory lock before touching the schema).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/database.js';
import { MIGRATIONS } from '../../src/server/db/migrations.js';
import { schemaMigrations } from '../../src/server/db/schema.js';
import { databaseUrl, dropSchema } from './harness.js';

describe('migrations', () => {
  it('apply every migration once on a new embedded database, and again changes nothing', async () => {
    const db = await openDatabase({ memory: true });
    const applied = await db.db.select().from(schemaMigrations).orderBy(schemaMigrations.id);
    expect(applied.map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
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
