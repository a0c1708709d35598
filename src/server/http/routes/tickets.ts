/**
 * `PUT /v1/tickets/:id` and `GET /v1/tickets/:id`: the sidebar's sync, through Zendesk's proxy
 * with a JWT. The answer is the backend's own breakdown, recomputed from the ledger.
 * `GET /v1/tickets/:id/explanation`: why it costs what it does.
 * @module
 */
import type { Hono } from 'hono';
import { explainTicket } from '../../../pricing/explain/explain.js';
import { ticketIdSchema } from '../../../pricing/schema/activity.js';
import { ZendeskRequestError } from '../../../zendesk/client.js';
import { verifyAppToken } from '../../auth/app-token.js';
import { readTicket, syncTicket } from '../../ledger/tickets.js';
import { postedUsage } from '../../ledger/usage.js';
import { activityFromZendesk } from '../../zendesk/reader.js';
import { type Env, jsonBody, limit, type Services } from '../context.js';
import { ApiError, invalid, notFound } from '../errors.js';
import { ticketSyncSchema } from '../schemas.js';

function ticketParam(raw: string): string {
  const parsed = ticketIdSchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error, 'ticketId');
  return parsed.data;
}

export function ticketRoutes(app: Hono<Env>, s: Services): void {
  app.put('/v1/tickets/:ticketId', async (c) => {
    const tenant = await verifyAppToken(c.req.header('authorization'), s.tenants, s.now());
    limit(s, c, tenant);
    const ticketId = ticketParam(c.req.param('ticketId'));
    const { revision, activity } = await jsonBody(c, ticketSyncSchema);
    if (activity.ticketId !== ticketId) {
      throw new ApiError(
        400,
        'invalid_request',
        `activity.ticketId: expected "${ticketId}", the ticket in the path`,
        'activity.ticketId',
      );
    }
    const now = s.now();
    const timeline = await s.plans.timeline(tenant.id);
    // With API access, Zendesk is the authority and the browser's activity only a hint: a
    // ticket Zendesk does not know is refused, and one it cannot be asked about waits.
    let source: 'zendesk' | 'browser' = 'browser';
    let facts = activity;
    if (tenant.zendesk) {
      const posted = await postedUsage(s.database.db, tenant.id, ticketId);
      let read: Awaited<ReturnType<typeof activityFromZendesk>>;
      try {
        read = await activityFromZendesk(tenant, s.config.ZENDESK_API_BASE, ticketId, posted);
      } catch (error) {
        const status = error instanceof ZendeskRequestError ? error.status : 0;
        if (status === 404)
          throw new ApiError(404, 'unknown_ticket', `Zendesk has no ticket ${ticketId}`);
        s.log.log('warn', 'zendesk read failed; the sync is refused for now', {
          requestId: c.get('requestId'),
          error: (error as Error)?.name ?? 'unknown',
          status,
        });
        c.header('Retry-After', '30');
        throw new ApiError(
          503,
          'zendesk_unavailable',
          'Zendesk could not be read; the sync is refused rather than taken from the browser, retry later',
        );
      }
      if (read) {
        facts = read;
        source = 'zendesk';
      }
    }
    const outcome = await c
      .get('deadline')
      .commit(() =>
        s.database.db.transaction((tx) =>
          syncTicket(tx, tenant.id, revision, facts, timeline, now),
        ),
      );
    s.metrics.inc('aicm_ticket_syncs_total', 'Ticket syncs received.', {
      applied: String(outcome.applied),
    });
    return c.json({ ...outcome, source });
  });

  app.get('/v1/tickets/:ticketId', async (c) => {
    const tenant = await verifyAppToken(c.req.header('authorization'), s.tenants, s.now());
    limit(s, c, tenant);
    const ticketId = ticketParam(c.req.param('ticketId'));
    const now = s.now();
    const timeline = await s.plans.timeline(tenant.id);
    const view = await s.database.db.transaction((tx) =>
      readTicket(tx, tenant.id, ticketId, timeline, now),
    );
    if (!view) throw notFound(`ticket ${ticketId} has no AI usage on record`);
    return c.json(view);
  });

  /** Why billed, why not (spec section 10): the same engine as the breakdown, over the timeline. */
  app.get('/v1/tickets/:ticketId/explanation', async (c) => {
    const tenant = await verifyAppToken(c.req.header('authorization'), s.tenants, s.now());
    limit(s, c, tenant);
    const ticketId = ticketParam(c.req.param('ticketId'));
    const now = s.now();
    const timeline = await s.plans.timeline(tenant.id);
    if (!timeline) throw notFound('no plan is active for this account yet');
    const view = await s.database.db.transaction((tx) =>
      readTicket(tx, tenant.id, ticketId, timeline, now),
    );
    if (!view) throw notFound(`ticket ${ticketId} has no AI usage on record`);
    return c.json(explainTicket(timeline, view.activity, { asOf: now, timeZone: tenant.timeZone }));
  });
}
