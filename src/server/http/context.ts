/**
 * What every route handler gets: the stores, the configuration, logs and metrics, and the
 * clock (injected so tests can move time).
 * @module
 */
import type { Context } from 'hono';
import { fieldPath } from '../../pricing/schema/issues.js';
import type { BudgetStore } from '../budgets/store.js';
import type { HostResolver } from '../budgets/webhook-target.js';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { markDueConfirmations, repriceAllDirty } from '../ledger/tickets.js';
import type { PlanStore } from '../plans/store.js';
import type { ReplayPool } from '../replay/pool.js';
import type { Tenant, TenantStore } from '../tenants/store.js';
import { firstUnstorable } from './bounds.js';
import type { Deadline } from './deadline.js';
import { ApiError } from './errors.js';
import type { Logger } from './logs.js';
import type { Metrics } from './metrics.js';
import type { RateLimiter } from './rate-limit.js';

export interface Services {
  readonly database: Database;
  readonly tenants: TenantStore;
  readonly plans: PlanStore;
  readonly budgets: BudgetStore;
  readonly config: ServerConfig;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly limiter: RateLimiter;
  /** Per client address: failed authentications and webhooks. */
  readonly authFailures: RateLimiter;
  readonly webhookLimiter: RateLimiter;
  readonly replays: ReplayPool;
  /** Resolves an alert destination's host for the SSRF guard (DNS; tests inject their own). */
  readonly resolveHost: HostResolver;
  readonly now: () => Date;
}

export type Env = {
  Variables: {
    requestId: string;
    deadline: Deadline;
    /** Set by the authentication middleware on every route that declares a caller. */
    tenant: Tenant;
    /** The app token's `sub` (the Zendesk user the app signed for), or null. */
    subject: string | null;
  };
};

/** A 400 naming the first string that the database could not store (NUL, lone surrogate). */
export function refuseUnstorable(value: unknown, where = ''): void {
  const found = firstUnstorable(value);
  if (!found) return;
  const path = fieldPath(found.path);
  const field = where && path ? `${where}${path.startsWith('[') ? '' : '.'}${path}` : where || path;
  throw new ApiError(400, 'invalid_request', `${field || 'body'}: ${found.message}`, field);
}

/**
 * Reprices the due dirty tickets (of one tenant, or of all), counting in the metrics the
 * tickets that could not be priced and the tenants whose batch failed whole.
 */
export async function repriceLedger(
  s: Services,
  now: Date,
  tenantId?: string,
  signal?: AbortSignal,
): Promise<void> {
  const failed = await repriceAllDirty(
    s.database.db,
    (id, tx) => s.plans.timeline(id, tx),
    now,
    tenantId,
    (tenant, error) => {
      s.metrics.inc('aicm_repricing_batch_errors_total', 'Repricing batches that failed whole.');
      // The error's class only: a message could carry a ticket's data.
      s.log.log('error', 'repricing a tenant failed', {
        tenant,
        error: (error as Error)?.name ?? 'unknown',
      });
    },
    signal,
  );
  if (failed > 0)
    s.metrics.inc(
      'aicm_pricing_failures_total',
      'Failed attempts to price a ticket (each kept with its reason, retried with backoff).',
      {},
      failed,
    );
}

/** Brings a tenant's dirty tickets up to date, so that a report reads exact figures. */
export async function freshLedger(
  services: Services,
  tenantId: string,
  signal?: AbortSignal,
): Promise<void> {
  const now = services.now();
  await markDueConfirmations(services.database.db, tenantId, now);
  await repriceLedger(services, now, tenantId, signal);
}

/** Counts a tenant's request against its limit; a 429 with Retry-After past it. */
export function limit(services: Services, c: Context<Env>, tenant: Tenant): void {
  const wait = services.limiter.take(tenant.id);
  if (wait > 0) {
    c.header('Retry-After', String(wait));
    throw new ApiError(
      429,
      'rate_limited',
      `too many requests for this account; retry in ${wait} s`,
    );
  }
}
