/**
 * The migrator's own record of what it applied. Not part of the schema that drizzle-kit
 * generates migrations from (drizzle.config.ts reads schema.ts alone): it must exist before the
 * first migration runs, so the migrator creates it itself.
 * @module
 */
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const schemaMigrations = pgTable('schema_migrations', {
  /** The order of application: 1 to 7 the hand-written migrations of earlier releases, the
   * generated ones and the hand steps after them from 8 on. */
  id: integer('id').primaryKey(),
  /** What was applied: a legacy migration's name, a generated migration's tag, a hand step's name. */
  name: text('name').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Its DDL, run under the migrator's lock before anything else. */
export const CREATE_SCHEMA_MIGRATIONS =
  'CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())';
