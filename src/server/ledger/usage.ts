/**
 * Usage events into the ledger. Events are immutable facts keyed by (tenant, ticket, id): a
 * replay is a duplicate and changes nothing; the same id with another body is a conflict,
 * reported and never summed. A batch is one transaction: all of it is stored, or none.
 * @module
 */
import { and, eq, sql } from 'drizzle-orm';
import { formatInstant, parseInstant, type UsageEvent } from '../../pricing/index.js';
import type { Db } from '../db/database.js';
import { usageEvents } from '../db/schema.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface TicketUsageEvent extends Record<string, unknown> {
  readonly ticketId: string;
}

export interface IngestResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly conflicts: { id: string; ticketId: string; reason: string }[];
  readonly tickets: string[];
}

/** The event in one canonical spelling, so that equal facts have equal digests. */
export function canonicalEvent(e: UsageEvent): UsageEvent {
  const at = formatInstant(parseInstant(e.at)!);
  return 'tool' in e
    ? { id: e.id, at, metric: e.metric, tool: e.tool, quantity: e.quantity }
    : { id: e.id, at, metric: e.metric, quantity: e.quantity };
}

export function digestOf(e: UsageEvent): string {
  return JSON.stringify(canonicalEvent(e));
}

function describeConflict(stored: UsageEvent, incoming: UsageEvent): string {
  const fields = (['at', 'metric', 'tool', 'quantity'] as const).filter(
    (f) =>
      JSON.stringify((stored as Record<string, unknown>)[f]) !==
      JSON.stringify((incoming as Record<string, unknown>)[f]),
  );
  return `id already recorded with another ${fields.join(', ') || 'body'}; the first one is kept`;
}

/**
 * Records events for one tenant inside the caller's transaction. Events are `{ticketId, event}`
 * pairs; the first occurrence of an id wins, within the batch and against the ledger.
 */
export async function recordUsage(
  tx: Tx,
  tenantId: string,
  events: readonly { ticketId: string; event: UsageEvent }[],
  source: 'api' | 'ticket',
): Promise<IngestResult> {
  const conflicts: IngestResult['conflicts'] = [];
  let duplicates = 0;
  const fresh = new Map<string, { ticketId: string; event: UsageEvent; digest: string }>();
  for (const { ticketId, event } of events) {
    const key = `${ticketId}\u0000${event.id}`;
    const digest = digestOf(event);
    const seen = fresh.get(key);
    if (!seen) fresh.set(key, { ticketId, event: canonicalEvent(event), digest });
    else if (seen.digest === digest) duplicates++;
    else conflicts.push({ id: event.id, ticketId, reason: describeConflict(seen.event, event) });
  }
  const rows = [...fresh.values()];
  let accepted = 0;
  const CHUNK = 1000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    // The rows as one JSON parameter, expanded by the server: a batch is one short statement
    // with three parameters, however many rows it carries (a VALUES list binds six per row).
    const json = JSON.stringify(
      chunk.map((r) => ({
        ticket_id: r.ticketId,
        id: r.event.id,
        body: r.event,
        digest: r.digest,
      })),
    );
    const inserted = (
      (await tx.execute(sql`INSERT INTO usage_events (tenant_id, ticket_id, id, body, digest, source)
        SELECT ${tenantId}, t.ticket_id, t.id, t.body, t.digest, ${source}
        FROM jsonb_to_recordset(${json}::jsonb) AS t(ticket_id text, id text, body jsonb, digest text)
        ON CONFLICT DO NOTHING
        RETURNING ticket_id AS "ticketId", id`)) as unknown as {
        rows: { ticketId: string; id: string }[];
      }
    ).rows;
    accepted += inserted.length;
    if (inserted.length === chunk.length) continue;
    // Those not inserted were already in the ledger: a replay, or a conflict.
    const insertedKeys = new Set(inserted.map((r) => `${r.ticketId}\u0000${r.id}`));
    const existing = chunk.filter((r) => !insertedKeys.has(`${r.ticketId}\u0000${r.event.id}`));
    const stored = await tx
      .select({
        ticketId: usageEvents.ticketId,
        id: usageEvents.id,
        body: usageEvents.body,
        digest: usageEvents.digest,
      })
      .from(usageEvents)
      .where(
        and(
          eq(usageEvents.tenantId, tenantId),
          sql`(${usageEvents.ticketId}, ${usageEvents.id}) IN (${sql.join(
            existing.map((r) => sql`(${r.ticketId}, ${r.event.id})`),
            sql`, `,
          )})`,
        ),
      );
    const byKey = new Map(stored.map((s) => [`${s.ticketId}\u0000${s.id}`, s]));
    for (const r of existing) {
      const s = byKey.get(`${r.ticketId}\u0000${r.event.id}`);
      if (s && s.digest === r.digest) duplicates++;
      else
        conflicts.push({
          id: r.event.id,
          ticketId: r.ticketId,
          reason: describeConflict(s?.body as UsageEvent, r.event),
        });
    }
  }
  return { accepted, duplicates, conflicts, tickets: [...new Set(rows.map((r) => r.ticketId))] };
}
