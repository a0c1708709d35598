/**
 * `PUT /v1/tickets/:id` and `GET /v1/tickets/:id`: the sidebar's sync, through Zendesk's proxy
 * with a JWT. The answer is the backend's own breakdown, recomputed from the ledger.
 * `GET /v1/tickets/:id/explanation`: why it costs what it does.
 * @module
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  explanationSchema,
  syncResultSchema,
  ticketViewSchema,
} from '../../../api/schemas/tickets.js';
import { explainTicket } from '../../../pricing/explain/explain.js';
import { ZendeskRequestError } from '../../../zendesk/client.js';
import { readTicket, syncTicket } from '../../ledger/tickets.js';
import { postedUsage } from '../../ledger/usage.js';
import { activityFromZendesk } from '../../zendesk/reader.js';
import type { Env, Services } from '../context.js';
import { ticketParams } from '../contract/params.js';
import { APP_JWT, json, jsonBody, refusals } from '../contract/responses.js';
import { ApiError, notFound } from '../errors.js';
import { appToken } from '../middleware/auth.js';
import { jsonInput } from '../middleware/input.js';
import { ticketSyncSchema } from '../schemas.js';

export function ticketRoutes(app: OpenAPIHono<Env>, s: Services): void {
  const put = createRoute({
    method: 'put',
    path: '/v1/tickets/{ticketId}',
    tags: ['tickets'],
    summary: 'Sync a ticket: merged with posted usage, repriced, stored once per revision',
    security: APP_JWT,
    middleware: [appToken(s), jsonInput] as const,
    request: { params: ticketParams, body: jsonBody(ticketSyncSchema) },
    responses: {
      200: json(syncResultSchema, 'The authoritative breakdown'),
      ...refusals(404, 415),
    },
  });
  app.openapi(put, async (c) => {
    const tenant = c.get('tenant');
    const { ticketId } = c.req.valid('param');
    const { revision, activity } = c.req.valid('json');
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
    return c.json({ ...outcome, source }, 200);
  });

  const get = createRoute({
    method: 'get',
    path: '/v1/tickets/{ticketId}',
    tags: ['tickets'],
    summary: 'The ticket’s activity and breakdown over the account’s timeline',
    security: APP_JWT,
    middleware: [appToken(s)] as const,
    request: { params: ticketParams },
    responses: { 200: json(ticketViewSchema, 'The ticket'), ...refusals(404) },
  });
  app.openapi(get, async (c) => {
    const tenant = c.get('tenant');
    const { ticketId } = c.req.valid('param');
    const now = s.now();
    const timeline = await s.plans.timeline(tenant.id);
    const view = await s.database.db.transaction((tx) =>
      readTicket(tx, tenant.id, ticketId, timeline, now),
    );
    if (!view) throw notFound(`ticket ${ticketId} has no AI usage on record`);
    return c.json(view, 200);
  });

  /** Why billed, why not (spec section 10): the same engine as the breakdown, over the timeline. */
  const explanation = createRoute({
    method: 'get',
    path: '/v1/tickets/{ticketId}/explanation',
    tags: ['tickets'],
    summary: 'Why the ticket costs what it does',
    security: APP_JWT,
    middleware: [appToken(s)] as const,
    request: { params: ticketParams },
    responses: {
      200: json(
        explanationSchema,
        'The deciding rule and its facts, the tier, and each line with its events, rate source and exact amount',
      ),
      ...refusals(404),
    },
  });
  app.openapi(explanation, async (c) => {
    const tenant = c.get('tenant');
    const { ticketId } = c.req.valid('param');
    const now = s.now();
    const timeline = await s.plans.timeline(tenant.id);
    if (!timeline) throw notFound('no plan is active for this account yet');
    const view = await s.database.db.transaction((tx) =>
      readTicket(tx, tenant.id, ticketId, timeline, now),
    );
    if (!view) throw notFound(`ticket ${ticketId} has no AI usage on record`);
    return c.json(
      explainTicket(timeline, view.activity, { asOf: now, timeZone: tenant.timeZone }),
      200,
    );
  });
}
