/**
 * One database truth: the migrations are what drizzle-kit generates from schema.ts, and the
 * server runs exactly them. Fails when someone edits the schema without `npm run db:generate`,
 * edits a generated file by hand, or forgets to embed what drizzle-kit wrote.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readGenerated } from '../../src/server/db/migrations/embed.js';
import { GENERATED } from '../../src/server/db/migrations/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const folder = join(root, 'src/server/db/drizzle');

describe('the migrations and the schema', () => {
  it('agree: drizzle-kit finds nothing in schema.ts that its migrations lack', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'aicm-drift-'));
    try {
      const out = join(scratch, 'drizzle');
      cpSync(folder, out, { recursive: true });
      const config = join(scratch, 'drizzle.config.mjs');
      writeFileSync(
        config,
        // drizzle-kit reads `out` relative to where it runs, whatever it looks like.
        `export default ${JSON.stringify({ dialect: 'postgresql', schema: join(root, 'src/server/db/schema.ts'), out: './drizzle' })};\n`,
      );
      const { stdout, stderr } = await promisify(execFile)(
        join(root, 'node_modules/.bin/drizzle-kit'),
        ['generate', '--config', config],
        { cwd: scratch },
      );
      const said = `${stdout}${stderr}`;
      expect(readdirSync(out).sort(), said).toEqual(readdirSync(folder).sort());
      expect(readFileSync(join(out, 'meta/_journal.json'), 'utf8')).toBe(
        readFileSync(join(folder, 'meta/_journal.json'), 'utf8'),
      );
      expect(said).toContain('No schema changes');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('are what the server runs: generated.json embeds drizzle-kit’s files as they are', () => {
    expect(GENERATED).toEqual(readGenerated(folder));
    expect(GENERATED.length).toBeGreaterThan(0);
  });

  it('leave the schema of each table to the search path, so a database may live in a schema of its own', () => {
    for (const step of GENERATED) {
      for (const statement of step.statements) expect(statement).not.toContain('"public"');
    }
  });
});
