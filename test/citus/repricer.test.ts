/**
 * On Citus, a real `ai-cost serve` prices what it ingests by itself: the background repricer,
 * not a report read, brings the tickets up to date, and it logs no error while doing so (its
 * old batch query over every tenant failed on every poll there, leaving tickets unpriced).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { createApp } from '../../src/server/http/app.js';
import { servicesOver } from '../../src/server/services.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import { activatePlan, dropSchema, USAGE_PLAN } from '../server/harness.js';
import { withClient } from './layout.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ai-cost.js');
const url = process.env.CITUS_URL!;
const schema = `test_${randomBytes(6).toString('hex')}`;
const masterKey = randomBytes(32);
let child: ChildProcess | null = null;

afterAll(async () => {
  child?.kill('SIGKILL');
  await dropSchema(url, schema);
});

/** Two tenants with the per-use plan active, made the way an operator makes them. */
async function prepare(): Promise<{ secrets: TenantSecrets; id: string }[]> {
  const database = await openDatabase({ url, schema });
  try {
    const services = servicesOver(database, masterKey, loadConfig({ LOG_LEVEL: 'silent' }));
    const backend = {
      services,
      app: createApp(services),
      clock: new Date(),
      close: async () => {},
    };
    const out = [];
    for (const account of ['acme', 'other']) {
      const secrets = await services.tenants.create(account);
      await activatePlan(backend, account, USAGE_PLAN);
      out.push({ secrets, id: (await services.tenants.byAccount(account))!.id });
    }
    return out;
  } finally {
    await database.close();
  }
}

describe('the repricer on Citus', () => {
  it('prices tickets ingested through a real server with no report read and no error logged', async () => {
    const tenants = await prepare();
    let log = '';
    child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        DATABASE_SCHEMA: schema,
        AICM_MASTER_KEY: masterKey.toString('hex'),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.stderr!.on('data', (chunk) => {
      log += chunk;
    });
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (chunk) => {
        out += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      exited.then((code) => reject(new Error(`serve exited with ${code}: ${log}`)));
    });

    // Per ticket: a conversation (0.50) and three tool calls (0.10 each) under the per-use plan.
    for (const { secrets } of tenants) {
      const events = ['conversation', 'tool_call', 'tool_call', 'tool_call'].map((metric, i) => ({
        ticketId: '42',
        id: `${secrets.account}-${i}`,
        at: '2026-11-20T10:00:00Z',
        metric,
        ...(metric === 'tool_call' ? { tool: 'crm' } : {}),
        quantity: 1,
      }));
      const response = await fetch(`${base}/v1/usage-events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${secrets.ingestKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ events }),
      });
      expect(response.status).toBe(200);
    }

    // Read straight from the ledger, not through the API, so nothing but the repricer prices.
    const priced = async () =>
      withClient(url, async (c) => {
        const { rows } = await c.query(
          `SELECT tenant_id, dirty, total_minor::text AS total, breakdown->>'total' AS breakdown
           FROM "${schema}".tickets WHERE ticket_id = '42' ORDER BY tenant_id`,
        );
        return rows;
      });
    const expected = tenants
      .map(({ id }) => ({ tenant_id: id, dirty: false, total: '80', breakdown: '0.80' }))
      .sort((a, b) => (a.tenant_id < b.tenant_id ? -1 : 1));
    const deadline = Date.now() + 15_000;
    let rows = await priced();
    while (JSON.stringify(rows) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await priced();
    }
    expect(rows).toEqual(expected);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = log
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: string; msg: string; route?: string; method?: string });
    // The log was read: the server's own lines are there.
    expect(lines.map((l) => l.msg)).toContain('shutting down');
    expect(lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    // The two ingests were the only requests it served.
    expect(lines.filter((l) => l.msg === 'request').map((l) => `${l.method} ${l.route}`)).toEqual([
      'POST /v1/usage-events',
      'POST /v1/usage-events',
    ]);
  }, 60_000);
});
