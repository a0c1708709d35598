/**
 * Opens everything the backend needs from a validated configuration: the database (PGlite in
 * the data directory, or PostgreSQL), the master key, the stores. The CLI's tenant commands use
 * the same function, so they always see the database the server sees.
 * @module
 */
import { join } from 'node:path';
import { dataDirMasterKey } from './auth/master-key.js';
import { Sealer } from './auth/secrets.js';
import { BudgetStore } from './budgets/store.js';
import { dnsResolver } from './budgets/webhook-target.js';
import type { ServerConfig } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import type { Services } from './http/context.js';
import { pinoLogger } from './http/logs.js';
import { Metrics } from './http/metrics.js';
import { RateLimiter } from './http/rate-limit.js';
import { countDirty, countUnpriceable } from './ledger/tickets.js';
import { PlanStore } from './plans/store.js';
import { ReplayPool } from './replay/pool.js';
import { TenantStore } from './tenants/store.js';

export async function openServices(
  config: ServerConfig,
  now: () => Date = () => new Date(),
): Promise<Services> {
  const database = await openDatabase(
    config.DATABASE_URL
      ? { url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA }
      : { dataDir: join(config.DATA_DIR, 'pglite') },
  );
  return servicesOver(
    database,
    config.AICM_MASTER_KEY ?? dataDirMasterKey(config.DATA_DIR),
    config,
    now,
  );
}

/** The services over an open database; tests use it with a database of their own. */
export function servicesOver(
  database: Database,
  masterKey: Buffer,
  config: ServerConfig,
  now: () => Date = () => new Date(),
): Services {
  const sealer = new Sealer(masterKey);
  const metrics = new Metrics();
  const replays = new ReplayPool();
  // Read when /metrics is asked: the ledger's counts are every instance's, every tenant's.
  metrics.gauge(
    'aicm_unpriceable_tickets',
    'Tickets that could not be priced and wait for a retry (every instance, every tenant).',
    () => countUnpriceable(database.db),
  );
  metrics.gauge(
    'aicm_repricer_queue_tickets',
    'Tickets waiting to be repriced: the repricer’s queue (every instance, every tenant).',
    () => countDirty(database.db),
  );
  metrics.gauge(
    'aicm_replay_pool_pending',
    'Replays (comparisons, previews) running or waiting for the replay worker.',
    () => replays.stats.pending,
  );
  metrics.gauge(
    'aicm_replay_pool_workers_started',
    'Replay workers started (a new one after each replay stopped at its deadline).',
    () => replays.stats.workers,
  );
  return {
    database,
    tenants: new TenantStore(database.db, sealer),
    plans: new PlanStore(database.db),
    budgets: new BudgetStore(database.db, sealer),
    config,
    log: pinoLogger(config.LOG_LEVEL),
    metrics,
    limiter: new RateLimiter(config.RATE_LIMIT_PER_MINUTE),
    authFailures: new RateLimiter(config.AUTH_FAILURES_PER_MINUTE),
    webhookLimiter: new RateLimiter(config.WEBHOOKS_PER_MINUTE),
    resolveHost: dnsResolver,
    replays,
    now,
  };
}
