/**
 * Opening a PostgreSQL database: the schema of its own that DATABASE_SCHEMA names, and the
 * server settings that DATABASE_URL carries (`?options=-c …`), both in force.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/database.js';
import { databaseUrl, dropSchema } from './harness.js';

describe('opening PostgreSQL', () => {
  it('keeps the settings of the URL beside the schema of its own', async () => {
    const url = new URL(databaseUrl());
    url.searchParams.set('options', '-c statement_timeout=4321 -c lock_timeout=1234');
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const database = await openDatabase({ url: url.toString(), schema });
    try {
      const { rows } = (await database.db.execute(
        sql`SELECT current_schema() AS schema, current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock`,
      )) as unknown as { rows: Record<string, string>[] };
      expect(rows[0]).toEqual({ schema, statement: '4321ms', lock: '1234ms' });
    } finally {
      await database.close();
      await dropSchema(databaseUrl(), schema);
    }
  });
});
