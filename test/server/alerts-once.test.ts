/**
 * Each alert fires once (issue 14): across a restart (on PGlite in a data folder and on
 * PostgreSQL) and across two backend instances sharing one PostgreSQL database, ticking at the
 * same time; the local receiver gets each alert exactly once. The unique key on
 * (tenant, scope, value, kind, threshold, month) holds it, not any instance's memory.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetTick } from '../../src/server/budgets/ticker.js';
import { loadConfig } from '../../src/server/config.js';
import { type DatabaseTarget, openDatabase } from '../../src/server/db/database.js';
import { createApp } from '../../src/server/http/app.js';
import { servicesOver } from '../../src/server/services.js';
import { type Receiver, startReceiver, usage } from './alert-receiver.js';
import { activatePlan, type Backend, call, dropSchema, ENGINES, USAGE_PLAN } from './harness.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const SECRET = 'aicm_al_test-secret-of-the-receiver';

/** A backend instance over a database another instance may share (same master key). */
async function instance(target: DatabaseTarget, key: Buffer): Promise<Backend> {
  const database = await openDatabase(target);
  const backend = { clock: NOW } as Backend;
  const services = servicesOver(
    database,
    key,
    loadConfig({
      LOG_LEVEL: 'silent',
      // The receiver is on loopback over http: the guard's explicit opt-in for tests.
      ALERT_WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
    }),
    () => NOW,
  );
  return Object.assign(backend, {
    services,
    app: createApp(services),
    close: async () => {
      await services.replays.close();
      await database.close();
    },
  });
}

/** A tenant with a 10.00 budget and the receiver as its destination, 10.00 spent today. */
async function seed(b: Backend, receiver: Receiver): Promise<void> {
  const secrets = await b.services.tenants.create('acme');
  await activatePlan(b, 'acme', USAGE_PLAN);
  const tenant = (await b.services.tenants.byAccount('acme'))!;
  await b.services.budgets.replace(
    tenant.id,
    [{ scope: 'account', value: '', currency: 'USD', amountMinor: 1_000n }],
    NOW,
  );
  await b.services.budgets.setDestination(tenant.id, receiver.url, SECRET, NOW);
  const posted = await call(b, 'POST', '/v1/usage-events', {
    token: secrets.ingestKey,
    body: { events: usage('401', '2026-11-20T08:00:00Z', 20) },
  });
  expect(posted.status).toBe(200);
}

const alertIds = (receiver: Receiver) =>
  receiver.requests.map((r) => r.headers['x-aicm-alert-id'] as string).sort();

/** Each test's receiver, and what it leaves to clean up. */
function setup(engine: (typeof ENGINES)[number]) {
  const state = { receiver: undefined as unknown as Receiver };
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    state.receiver = await startReceiver();
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await state.receiver.close();
  });

  /** A place on the engine that outlives an instance: a data folder, or a schema. */
  function durableTarget(): DatabaseTarget {
    if (engine.kind === 'pglite') {
      const dataDir = mkdtempSync(join(tmpdir(), 'aicm-alerts-once-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      return { dataDir };
    }
    const target = engine.target() as { url: string; schema: string };
    cleanups.push(() => dropSchema(target.url, target.schema));
    return target;
  }
  return { state, durableTarget };
}

describe.each(ENGINES)('alerts fire once on $name', (engine) => {
  const { state, durableTarget } = setup(engine);

  it('raises and delivers each threshold once, and not again after a restart', async () => {
    const receiver = state.receiver;
    receiver.requests.length = 0;
    const target = durableTarget();
    const key = randomBytes(32);
    const first = await instance(target, key);
    await seed(first, receiver);
    expect((await budgetTick(first.services)).raised).toBe(3);
    expect((await budgetTick(first.services)).raised).toBe(0);
    await first.close();
    const second = await instance(target, key);
    try {
      expect(await budgetTick(second.services)).toEqual({ raised: 0, delivered: 0, tickets: 0 });
      const answer = await second.services.database.db.execute(
        sql`SELECT count(*)::int AS n FROM budget_alerts`,
      );
      expect((answer as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(3);
    } finally {
      await second.close();
    }
    expect(alertIds(receiver)).toHaveLength(3);
    expect(new Set(alertIds(receiver)).size).toBe(3);
  }, 90_000);
});

describe.each(ENGINES.filter((e) => e.kind === 'postgres'))(
  'alerts fire once across two instances on $name',
  (engine) => {
    const { state, durableTarget } = setup(engine);

    it('raises and delivers each once when two instances tick at the same time', async () => {
      const receiver = state.receiver;
      receiver.requests.length = 0;
      const target = durableTarget();
      const key = randomBytes(32);
      const a = await instance(target, key);
      const b = await instance(target, key);
      try {
        await seed(a, receiver);
        const results = await Promise.all([
          budgetTick(a.services),
          budgetTick(b.services),
          budgetTick(a.services),
          budgetTick(b.services),
        ]);
        expect(results.reduce((n, r) => n + r.raised, 0)).toBe(3);
        expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(3);
        // Later passes of either find nothing to raise or send.
        expect(await Promise.all([budgetTick(a.services), budgetTick(b.services)])).toEqual([
          { raised: 0, delivered: 0, tickets: 0 },
          { raised: 0, delivered: 0, tickets: 0 },
        ]);
      } finally {
        await a.close();
        await b.close();
      }
      const ids = alertIds(receiver);
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(3);
    });
  },
);
