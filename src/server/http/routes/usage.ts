/**
 * `POST /v1/usage-events`: the AI platform reports usage, server to server, with its ingest
 * key. A batch is validated whole before anything is stored, then stored in one statement.
 * @module
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { usageResultSchema } from '../../../api/schemas/operations.js';
import { recordUsage } from '../../ledger/usage.js';
import type { Env, Services } from '../context.js';
import { INGEST_KEY, json, jsonBody, refusals } from '../contract/responses.js';
import { ingestKey } from '../middleware/auth.js';
import { jsonInput } from '../middleware/input.js';
import { usageBatchSchema } from '../schemas.js';

export function usageRoutes(app: OpenAPIHono<Env>, s: Services): void {
  const post = createRoute({
    method: 'post',
    path: '/v1/usage-events',
    tags: ['usage'],
    summary: 'Report usage events (at most 1,000; a batch with one invalid event is refused whole)',
    security: INGEST_KEY,
    middleware: [ingestKey(s), jsonInput] as const,
    request: { body: jsonBody(usageBatchSchema) },
    responses: {
      200: json(usageResultSchema, 'Stored; a replay counts as duplicates, never summed'),
      ...refusals(415),
    },
  });
  app.openapi(post, async (c) => {
    const tenant = c.get('tenant');
    const { events } = c.req.valid('json');
    // Priced by the repricer (or the next report) rather than here: a batch is one statement
    // that stores its events and marks their tickets, atomic without a transaction around it.
    const result = await c.get('deadline').commit(() =>
      recordUsage(
        s.database.db,
        tenant.id,
        events.map(({ ticketId, ...event }) => ({ ticketId, event })),
        'api',
        { markDirty: true },
      ),
    );
    s.metrics.inc('aicm_usage_events_accepted_total', 'Usage events stored.', {}, result.accepted);
    s.metrics.inc(
      'aicm_usage_events_duplicate_total',
      'Usage events already stored.',
      {},
      result.duplicates,
    );
    s.metrics.inc(
      'aicm_usage_events_conflict_total',
      'Usage events refused as conflicts.',
      {},
      result.conflicts.length,
    );
    return c.json(
      {
        accepted: result.accepted,
        duplicates: result.duplicates,
        conflicts: result.conflicts,
      },
      200,
    );
  });
}
