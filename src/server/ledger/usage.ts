/**
 * Usage events into the ledger. Events are immutable facts keyed by (tenant, ticket, id): a
 * replay is a duplicate and changes nothing; the same id with another body is a conflict,
 * reported and never summed. A batch is one statement: all of it is stored, or none.
 * @module
 */
import { sql } from 'drizzle-orm';
import { formatInstant, parseInstant, type UsageEvent } from '../../pricing/index.js';
import { implicitConversationId } from '../../zendesk/mapping.js';
import type { Db } from '../db/database.js';

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

/** Runs statements: the database itself, or a transaction. */
export type Executor = Pick<Db, 'execute'>;

/**
 * Records events for one tenant. Events are `{ticketId, event}` pairs; the first occurrence of
 * an id wins, within the batch and against the ledger. With `markDirty`, the tickets that got
 * new events are marked for repricing in the same statement, so that a batch of up to 1,000
 * events is one atomic statement and needs no transaction of its own (a replay adds one read).
 */
export async function recordUsage(
  db: Executor,
  tenantId: string,
  events: readonly { ticketId: string; event: UsageEvent }[],
  source: 'api' | 'ticket',
  options: { markDirty?: boolean } = {},
): Promise<IngestResult> {
  const conflicts: IngestResult['conflicts'] = [];
  let duplicates = 0;
  const fresh = new Map<string, { ticketId: string; event: UsageEvent; digest: string }>();
  for (const { ticketId, event } of events) {
    const key = `${ticketId}\u0000${event.id}`;
    const canonical = canonicalEvent(event);
    const digest = JSON.stringify(canonical);
    const seen = fresh.get(key);
    if (!seen) fresh.set(key, { ticketId, event: canonical, digest });
    else if (seen.digest === digest) duplicates++;
    else conflicts.push({ id: event.id, ticketId, reason: describeConflict(seen.event, event) });
  }
  const rows = [...fresh.values()];
  let accepted = 0;
  const CHUNK = 1000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    // The rows as one JSON parameter, expanded by the server: a batch is one short statement
    // with a few parameters, however many rows it carries (a VALUES list binds six per row).
    const json = JSON.stringify(
      chunk.map((r) => ({
        ticket_id: r.ticketId,
        id: r.event.id,
        body: r.event,
        digest: r.digest,
      })),
    );
    const insert = sql`INSERT INTO usage_events (tenant_id, ticket_id, id, body, digest, source)
        SELECT ${tenantId}, t.ticket_id, t.id, t.body, t.digest, ${source}
        FROM jsonb_to_recordset(${json}::jsonb) AS t(ticket_id text, id text, body jsonb, digest text)
        ON CONFLICT DO NOTHING
        RETURNING ticket_id`;
    // Marking in ticket order, so that two batches lock their tickets in one order; a ticket
    // already marked is left alone (no new row version). Only a count comes back: returning
    // the rows cost PGlite a third of the statement.
    const statement = options.markDirty
      ? sql`WITH inserted AS (${insert}),
          marked AS (INSERT INTO tickets (tenant_id, ticket_id, revision, lifecycle, dirty)
            SELECT ${tenantId}, d.ticket_id, 0, '[]'::jsonb, true
            FROM (SELECT DISTINCT ticket_id FROM inserted) AS d ORDER BY d.ticket_id
            ON CONFLICT (tenant_id, ticket_id) DO UPDATE SET dirty = true WHERE tickets.dirty = false)
          SELECT count(*)::int AS n FROM inserted`
      : sql`WITH inserted AS (${insert}) SELECT count(*)::int AS n FROM inserted`;
    const [{ n }] = ((await db.execute(statement)) as unknown as { rows: [{ n: number }] }).rows;
    accepted += n;
    if (n === chunk.length) continue;
    // The others were in the ledger already: a replay (the same digest, and then which ones
    // does not matter, only how many), or a conflict, found by its other digest. The keys as
    // one JSON parameter joined to the table: a `(a, b) IN (…)` list of a few hundred pairs
    // found no rows on PGlite, and a list binds two parameters per pair.
    const keys = JSON.stringify(
      chunk.map((r) => ({ ticket_id: r.ticketId, id: r.event.id, digest: r.digest })),
    );
    const differing = (
      (await db.execute(sql`SELECT u.ticket_id AS "ticketId", u.id, u.body
        FROM jsonb_to_recordset(${keys}::jsonb) AS k(ticket_id text, id text, digest text)
        JOIN usage_events u ON u.tenant_id = ${tenantId} AND u.ticket_id = k.ticket_id AND u.id = k.id
        WHERE u.digest <> k.digest`)) as unknown as {
        rows: { ticketId: string; id: string; body: unknown }[];
      }
    ).rows;
    const byKey = new Map(chunk.map((r, i) => [`${r.ticketId}\u0000${r.event.id}`, { r, i }]));
    const at = (s: { ticketId: string; id: string }) => byKey.get(`${s.ticketId}\u0000${s.id}`)!;
    // In the batch's order, whatever order the join found them in.
    differing.sort((p, q) => at(p).i - at(q).i);
    for (const stored of differing) {
      const incoming = at(stored).r;
      conflicts.push({
        id: stored.id,
        ticketId: stored.ticketId,
        reason: describeConflict(stored.body as UsageEvent, incoming.event),
      });
    }
    duplicates += chunk.length - n - differing.length;
    // A posted event that the ledger had as derived becomes posted: posted events are
    // append-only, so a later snapshot of the ticket must not remove it.
    if (source === 'api')
      await db.execute(sql`UPDATE usage_events u SET source = 'api'
        FROM jsonb_to_recordset(${keys}::jsonb) AS k(ticket_id text, id text, digest text)
        WHERE u.tenant_id = ${tenantId} AND u.ticket_id = k.ticket_id AND u.id = k.id
          AND u.digest = k.digest AND u.source = 'ticket'`);
  }
  return { accepted, duplicates, conflicts, tickets: [...new Set(rows.map((r) => r.ticketId))] };
}

/** The usage the AI platform posted for a ticket, in the order it arrived. */
export async function postedUsage(
  db: Executor,
  tenantId: string,
  ticketId: string,
): Promise<UsageEvent[]> {
  const found = (await db.execute(sql`SELECT body FROM usage_events
    WHERE tenant_id = ${tenantId} AND ticket_id = ${ticketId} AND source = 'api'
    ORDER BY received_at, id`)) as unknown as { rows: { body: UsageEvent }[] };
  return found.rows.map((r) => r.body);
}

/**
 * Makes a ticket's derived usage (read off the ticket, by the sidebar or from Zendesk) the
 * given snapshot: derived events the snapshot no longer has, or has with another body, are
 * removed, and its new ones recorded. Posted events are never touched. The mapping's rule is
 * applied with the posted usage: a posted conversation makes the implicit one go.
 */
export async function replaceDerivedUsage(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  snapshot: readonly UsageEvent[],
): Promise<IngestResult> {
  const posted = await postedUsage(tx, tenantId, ticketId);
  const implicit = implicitConversationId(ticketId);
  const derived = posted.some((u) => u.metric === 'conversation')
    ? snapshot.filter((u) => !(u.id === implicit && u.metric === 'conversation'))
    : snapshot;
  const kept = JSON.stringify(derived.map((e) => ({ id: e.id, digest: digestOf(e) })));
  await tx.execute(sql`DELETE FROM usage_events u
    WHERE u.tenant_id = ${tenantId} AND u.ticket_id = ${ticketId} AND u.source = 'ticket'
      AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(${kept}::jsonb) AS k(id text, digest text)
                      WHERE k.id = u.id AND k.digest = u.digest)`);
  return recordUsage(
    tx,
    tenantId,
    derived.map((event) => ({ ticketId, event })),
    'ticket',
  );
}
