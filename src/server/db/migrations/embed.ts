/**
 * drizzle-kit's output (drizzle/: a journal and one SQL file per migration) read into the list of
 * migrations that generated.json embeds, so the server carries its migrations in its own code.
 * Run by `npm run db:generate` (scripts/embed-migrations.ts); the drift test reads it too.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Step } from './step.js';

interface Journal {
  readonly entries: readonly { readonly idx: number; readonly tag: string }[];
}

/** drizzle-kit's separator between the statements of one migration file. */
const BREAKPOINT = '--> statement-breakpoint';

/**
 * The migrations of a drizzle-kit folder, in the journal's order. drizzle-kit names the schema of
 * every table a foreign key points at and of every sequence ("public"."tenants"); that is left to
 * the search path, so that a database can live in a schema of its own (tests, a Citus tenant
 * schema) and the statements still meet its own tables.
 */
export function readGenerated(folder: string): Step[] {
  const journal = JSON.parse(
    readFileSync(join(folder, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => ({
      name: tag,
      statements: readFileSync(join(folder, `${tag}.sql`), 'utf8')
        .split(BREAKPOINT)
        .map((statement) => statement.replaceAll('"public".', '').trim())
        .filter(Boolean),
    }));
}
