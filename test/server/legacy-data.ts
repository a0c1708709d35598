/**
 * A ledger as a release writes one, through the real app: two tenants with plans and
 * activations, posted usage, synced and priced tickets (so rollups), a webhook delivery and a
 * dispute, so that every table of the schema holds rows. For the tests that upgrade a database
 * and check that nothing stored is lost.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import type { Database } from '../../src/server/db/database.js';
import { createApp } from '../../src/server/http/app.js';
import { repriceAllDirty } from '../../src/server/ledger/tickets.js';
import { servicesOver } from '../../src/server/services.js';
import { activatePlan, appToken, type Backend, USAGE_PLAN } from './harness.js';

const NOW = new Date('2026-11-20T12:00:00Z');

/** Fills the database; `tag` names the accounts, so it can be called again after an upgrade. */
export async function fillLikeARelease(database: Database, tag = 'first'): Promise<void> {
  const services = servicesOver(
    database,
    randomBytes(32),
    loadConfig({ LOG_LEVEL: 'silent' }),
    () => NOW,
  );
  const backend = { services, app: createApp(services), clock: NOW } as Backend;
  try {
    for (const name of ['acme', 'other']) {
      const account = `${name}-${tag}`;
      const secrets = await services.tenants.create(account);
      await activatePlan(backend, account, USAGE_PLAN);
      const tenantId = (await services.tenants.byAccount(account))!.id;
      const events = Array.from({ length: 12 }, (_, i) => ({
        ticketId: String(1 + (i % 3)),
        id: `${account}-${i}`,
        at: '2026-11-19T10:00:00Z',
        metric: i % 3 === 0 ? 'conversation' : 'tool_call',
        ...(i % 3 === 0 ? {} : { tool: 'crm' }),
        quantity: 1 + i,
      }));
      const posted = await backend.app.request('/v1/usage-events', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${secrets.ingestKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ events }),
      });
      expect(posted.status).toBe(200);
      const synced = await backend.app.request('/v1/tickets/1', {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${await appToken(secrets, NOW)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          revision: 1,
          activity: {
            ticketId: '1',
            usage: [],
            lifecycle: [
              { at: '2026-11-19T09:00:00Z', type: 'status', status: 'open' },
              { at: '2026-11-19T11:00:00Z', type: 'status', status: 'solved' },
            ],
            attributes: { channel: 'web', priority: 'normal', tags: ['vip'] },
          },
        }),
      });
      expect(synced.status).toBe(200);
      // Rows the app writes on paths this fill does not drive (a signed webhook, a dispute of a
      // charged outcome), in the shape those paths write them.
      await database.db.execute(
        sql`INSERT INTO webhook_deliveries (tenant_id, signature) VALUES (${tenantId}, ${`sig-${account}`})`,
      );
      await database.db.execute(
        sql`INSERT INTO disputes (tenant_id, ticket_id, plans, outcome, currency, amount_minor, reason, note, reported_by, reported_at)
            VALUES (${tenantId}, '1', '["per-use@1"]'::jsonb, 'ai_resolved', 'USD', 99, 'not_resolved_by_ai', 'a note', '7', ${NOW.toISOString()})`,
      );
    }
    await repriceAllDirty(database.db, (id, tx) => services.plans.timeline(id, tx), NOW);
  } finally {
    await services.replays.close();
  }
}
