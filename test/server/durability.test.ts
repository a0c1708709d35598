/**
 * What the API acknowledged is committed: a real `ai-cost serve` process is killed with
 * SIGKILL in the middle of ingesting, restarted on the same data, and must hold every
 * acknowledged batch and no half batch. Two instances on one PostgreSQL must never count an
 * event twice.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrl, dropSchema } from './harness.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ai-cost.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function createTenant(env: NodeJS.ProcessEnv, dataDir: string): { ingestKey: string } {
  const result = spawnSync(
    process.execPath,
    [BIN, 'tenant', 'create', '--account', 'acme', '--json', '--data-dir', dataDir],
    { env, encoding: 'utf8' },
  );
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

async function serve(
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return { url, child };
}

/**
 * SIGTERM, then the process's exit: a server stops taking requests, lets its repricer finish and
 * closes its database. Dropping a schema while a repricer still holds row locks in it could
 * deadlock, so teardown waits for this (and kills what has not exited after 10 s).
 */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const batch = (n: number, size: number) => ({
  events: Array.from({ length: size }, (_, i) => ({
    ticketId: String(1 + (i % 7)),
    id: `b${n}-${i}`,
    at: '2026-11-20T10:00:00Z',
    metric: 'conversation',
    quantity: 1,
  })),
});

async function post(url: string, key: string, body: unknown): Promise<Response> {
  return fetch(`${url}/v1/usage-events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('durability', () => {
  it('keeps every acknowledged batch, and no half batch, across kill -9 (PGlite)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aicm-kill-'));
    dirs.push(dataDir);
    const env = { ...process.env, DATABASE_URL: '' };
    const { ingestKey } = createTenant(env, dataDir);
    const first = await serve(env, dataDir);
    const acknowledged: number[] = [];
    let n = 0;
    const killAt = Date.now() + 1500;
    const sending = (async () => {
      while (true) {
        const id = n++;
        try {
          const r = await post(first.url, ingestKey, batch(id, 50));
          if (r.status === 200) acknowledged.push(id);
        } catch {
          return;
        }
      }
    })();
    await new Promise((r) => setTimeout(r, Math.max(0, killAt - Date.now())));
    first.child.kill('SIGKILL');
    await sending;
    expect(acknowledged.length).toBeGreaterThan(0);
    const second = await serve(env, dataDir);
    // Replaying every batch sent tells, per batch, how much of it was already stored.
    for (let id = 0; id < n; id++) {
      const r = (await (await post(second.url, ingestKey, batch(id, 50))).json()) as {
        accepted: number;
        duplicates: number;
      };
      if (acknowledged.includes(id))
        expect(r, `batch ${id}`).toEqual({ accepted: 0, duplicates: 50, conflicts: [] });
      else expect([0, 50], `batch ${id} was half stored`).toContain(r.duplicates);
    }
    await stop(second.child);
  }, 60_000);

  it('never double counts with two instances on one PostgreSQL', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl(),
      DATABASE_SCHEMA: schema,
      AICM_MASTER_KEY: randomBytes(32).toString('hex'),
    };
    const dataDir = mkdtempSync(join(tmpdir(), 'aicm-two-'));
    dirs.push(dataDir);
    try {
      const { ingestKey } = createTenant(env, dataDir);
      const [a, b] = await Promise.all([serve(env, dataDir), serve(env, dataDir)]);
      // The same 20 batches sent to both instances at once: each event is accepted exactly once.
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, id) =>
          [a, b].map((s) =>
            post(s.url, ingestKey, batch(id, 25)).then(
              (r) => r.json() as Promise<{ accepted: number; duplicates: number }>,
            ),
          ),
        ).flat(),
      );
      expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(20 * 25);
      expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(20 * 25);
    } finally {
      await Promise.all(children.map(stop));
      await dropSchema(databaseUrl(), schema);
    }
  }, 60_000);
});
