/**
 * `POST /v1/usage-events`: the AI platform reports usage, server to server, with its ingest
 * key. A batch is validated whole before anything is stored, then stored in one statement.
 * @module
 */
import type { Hono } from 'hono';
import { verifyIngestKey } from '../../auth/app-token.js';
import { recordUsage } from '../../ledger/usage.js';
import { type Env, jsonBody, limit, type Services } from '../context.js';
import { usageBatchSchema } from '../schemas.js';

export function usageRoutes(app: Hono<Env>, s: Services): void {
  app.post('/v1/usage-events', async (c) => {
    const tenant = await verifyIngestKey(c.req.header('authorization'), s.tenants);
    limit(s, c, tenant);
    const { events } = await jsonBody(c, usageBatchSchema);
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
    return c.json({
      accepted: result.accepted,
      duplicates: result.duplicates,
      conflicts: result.conflicts,
    });
  });
}
