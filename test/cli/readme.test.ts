/**
 * Every `npx ai-cost` example in the README runs as printed, from the project's folder, and
 * exits 0; the commands that run until stopped or need an account's database are named here,
 * so a new example is never left out unnoticed.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** The README's shell examples: each `npx ai-cost` command, continuation lines joined. */
function examples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const commands: string[] = [];
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const joined = block[1]!.replace(/\\\n\s*/g, '');
    for (const line of joined.split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (/^(\w+=\S+\s+)*npx ai-cost /.test(command)) commands.push(command);
    }
  }
  return commands;
}

/** Not run here: they serve until stopped, or write an account's secrets to a database. */
const NOT_RUN = [/^npx ai-cost (serve|workspace)\b/, /\bnpx ai-cost tenant\b/];

const run = (command: string) =>
  new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(
      'sh',
      ['-c', command],
      // Offline: npx must find the project's own command, never download one.
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, npm_config_offline: 'true' },
        timeout: 120_000,
      },
      (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
    );
  });

describe('the README’s examples', () => {
  const all = examples();
  const runnable = all.filter((c) => !NOT_RUN.some((r) => r.test(c)));

  it('are found, and only the named ones are left out', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(6);
    expect(
      all.filter((c) => !runnable.includes(c)).map((c) => c.split(' ').slice(0, 4).join(' ')),
    ).toEqual(['npx ai-cost tenant create', 'ZENDESK_API_TOKEN=… npx ai-cost tenant']);
  });

  it.each(runnable)(
    '%s',
    async (command) => {
      const { code, stderr } = await run(command);
      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
    130_000,
  );
});
