/**
 * A tenant's tickets of a period as the core's activities, for replays and previews: one query,
 * each ticket with its usage aggregated beside it.
 * @module
 */
import { type SQL, sql } from 'drizzle-orm';
import type { TicketActivity, UsageEvent } from '../../pricing/index.js';
import type { Db } from '../db/database.js';

/** The most tickets a replay reads at once; a larger period is refused rather than slow. */
export const MAX_REPLAY_TICKETS = 200_000;

/** A ticket's period in reports: when its outcome was decided, else its first usage. */
const PERIOD_INSTANT = sql`coalesce(t.decided_at, t.first_usage_at)`;

/** The tickets of a period (by the instant reports file them under), in ticket order. */
export function activitiesBetween(
  db: Db,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<TicketActivity[]> {
  return activitiesWhere(db, tenantId, PERIOD_INSTANT, from, to);
}

/** A cohort (spec section 9): the tickets whose first usage event falls in [from, to). */
export function cohortBetween(
  db: Db,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<TicketActivity[]> {
  return activitiesWhere(db, tenantId, sql`t.first_usage_at`, from, to);
}

async function activitiesWhere(
  db: Db,
  tenantId: string,
  instant: SQL,
  from: Date,
  to: Date,
): Promise<TicketActivity[]> {
  const result = (await db.execute(
    // The usage's tenant is named as a value, not as t.tenant_id: Citus sends a query to one
    // node only when every distributed table in it is filtered by its tenant, and does not see
    // through the correlation (it ran this on every shard).
    sql`SELECT t.ticket_id, t.lifecycle, t.attributes,
          coalesce((SELECT jsonb_agg(u.body ORDER BY u.received_at, u.id) FROM usage_events u
                    WHERE u.tenant_id = ${tenantId} AND u.ticket_id = t.ticket_id), '[]'::jsonb) AS usage
        FROM tickets t
        WHERE t.tenant_id = ${tenantId}
          AND ${instant} >= ${from.toISOString()}
          AND ${instant} < ${to.toISOString()}
        ORDER BY t.ticket_id
        LIMIT ${MAX_REPLAY_TICKETS + 1}`,
  )) as unknown as {
    rows: {
      ticket_id: string;
      lifecycle: TicketActivity['lifecycle'];
      attributes: TicketActivity['attributes'] | null;
      usage: UsageEvent[];
    }[];
  };
  return result.rows.map((r) => ({
    ticketId: r.ticket_id,
    usage: r.usage,
    lifecycle: r.lifecycle,
    ...(r.attributes ? { attributes: r.attributes } : {}),
  }));
}
