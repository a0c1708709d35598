/**
 * What every route handler gets: the stores, the configuration, logs and metrics, and the
 * clock (injected so tests can move time).
 * @module
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { markDueConfirmations, repriceAllDirty } from '../ledger/tickets.js';
import type { PlanStore } from '../plans/store.js';
import type { Tenant, TenantStore } from '../tenants/store.js';
import { ApiError, invalid } from './errors.js';
import type { Logger, Metrics, RateLimiter } from './observe.js';

export interface Services {
  readonly database: Database;
  readonly tenants: TenantStore;
  readonly plans: PlanStore;
  readonly config: ServerConfig;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly limiter: RateLimiter;
  readonly now: () => Date;
}

export type Env = { Variables: { requestId: string; tenant?: Tenant } };

/** The request's JSON body, or a 4xx that says what is wrong with it. */
export async function jsonBody<T>(c: Context<Env>, schema: z.ZodType<T>, where = ''): Promise<T> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error, where);
  return parsed.data;
}

export function query<T>(c: Context<Env>, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw invalid(parsed.error, '');
  return parsed.data;
}

/** Brings a tenant's dirty tickets up to date, so that a report reads exact figures. */
export async function freshLedger(services: Services, tenantId: string): Promise<void> {
  const now = services.now();
  await markDueConfirmations(services.database.db, tenantId, now);
  await repriceAllDirty(
    services.database.db,
    (id, tx) => services.plans.timeline(id, tx),
    now,
    tenantId,
  );
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
