/**
 * Who calls: the app (a JWT that Zendesk's proxy signs) or the AI platform (an ingest key).
 * Each middleware verifies the credential, counts the request against the tenant's rate
 * limit (429 with Retry-After past it) and puts the tenant on the context, so a handler
 * reads `c.get('tenant')` and never verifies anything by hand.
 * @module
 */
import { createMiddleware } from 'hono/factory';
import { verifyAppTokenClaims, verifyIngestKey } from '../../auth/app-token.js';
import type { Tenant } from '../../tenants/store.js';
import { type Env, limit, type Services } from '../context.js';

/** The app, through Zendesk's proxy: `tenant`, and `subject` (the token's `sub`, or null). */
export const appToken = (s: Services) =>
  createMiddleware<Env>(async (c, next) => {
    const { tenant, subject } = await verifyAppTokenClaims(
      c.req.header('authorization'),
      s.tenants,
      s.now(),
    );
    admit(s, c, tenant);
    c.set('subject', subject);
    await next();
  });

/** The AI platform, server to server. */
export const ingestKey = (s: Services) =>
  createMiddleware<Env>(async (c, next) => {
    admit(s, c, await verifyIngestKey(c.req.header('authorization'), s.tenants));
    c.set('subject', null);
    await next();
  });

function admit(s: Services, c: Parameters<typeof limit>[1], tenant: Tenant): void {
  limit(s, c, tenant);
  c.set('tenant', tenant);
}
