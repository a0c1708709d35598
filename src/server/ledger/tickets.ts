/**
 * The per-ticket ledger: what the sidebar synced (lifecycle, attributes, usage read off the
 * ticket) merged with the usage the AI platform posted, priced again by the core under the
 * active plan. The backend never stores a cost it did not compute itself.
 *
 * Tickets are repriced in batches of one tenant: one statement locks every touched ticket, one
 * reads their usage, one writes them back, however many tickets a batch of usage touches.
 * @module
 */
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import {
  type Breakdown,
  minorUnits,
  priceTicketOver,
  type TicketActivity,
  type Timeline,
  toMinor,
  type UsageEvent,
} from '../../pricing/index.js';
import type { Db } from '../db/database.js';
import { tenants, tickets, usageEvents } from '../db/schema.js';
import { updateRollups } from '../reports/rollups.js';
import { recordUsage, type Tx } from './usage.js';

export interface TicketView {
  readonly ticketId: string;
  readonly revision: number;
  readonly activity: TicketActivity;
  readonly breakdown: Breakdown | null;
  readonly plan: { id: string; version: number; name: string } | null;
}

export interface SyncOutcome extends TicketView {
  readonly applied: boolean;
  readonly conflicts: { id: string; reason: string }[];
}

type TicketRow = typeof tickets.$inferSelect;
type Lifecycle = TicketActivity['lifecycle'];
type Attributes = TicketActivity['attributes'];

/** The plan a breakdown names (that of the ticket's latest charge), with its name. */
function planRef(timeline: Timeline | null, breakdown: Breakdown | null): TicketView['plan'] {
  if (!timeline || !breakdown) return null;
  const key = `${breakdown.planId}@${breakdown.planVersion}`;
  const plan = timeline.plans.find((p) => p.key === key)?.plan;
  return plan ? { id: plan.id, version: plan.version, name: plan.name } : null;
}

/**
 * The next instant this price can change with no new fact arriving: a pending resolution's
 * confirmation, the next scheduled activation (a ticket without charges names the plan in force,
 * and new usage falls under the new plan), or a fact recorded for later than now (pricing sees
 * only facts up to its instant). Stored as `confirms_at`, which brings the ticket back for
 * repricing when it passes.
 */
function repriceAt(
  breakdown: Breakdown | null,
  timeline: Timeline | null,
  activity: TicketActivity,
  now: Date,
): Date | null {
  const t = now.getTime();
  let at = breakdown?.confirmsAt ? Date.parse(breakdown.confirmsAt) : Infinity;
  const next = timeline?.segments.find((seg) => seg.from > t)?.from;
  if (next !== undefined && next < at) at = next;
  for (const fact of [...activity.usage, ...activity.lifecycle]) {
    const factAt = Date.parse(fact.at);
    if (factAt > t && factAt < at) at = factAt;
  }
  return at === Infinity ? null : new Date(at);
}

/** A ticket priced over the tenant's timeline, at `now`, as the meter of record prices it. */
function priceAt(timeline: Timeline | null, activity: TicketActivity, now: Date): Breakdown | null {
  return timeline ? priceTicketOver(timeline, activity, { asOf: now }) : null;
}

/**
 * Locks the tickets' rows, creating empty ones for tickets not seen yet. Creating first means a
 * concurrent writer of the same new ticket waits here for the first one to commit, and then
 * reads its usage: no write is ever priced on a partial view of the ledger.
 */
async function lockTickets(
  tx: Tx,
  tenantId: string,
  ticketIds: readonly string[],
): Promise<Map<string, TicketRow>> {
  const ids = [...new Set(ticketIds)].sort();
  if (ids.length === 0) return new Map();
  await tx
    .insert(tickets)
    .values(ids.map((ticketId) => ({ tenantId, ticketId, revision: 0, lifecycle: [] })))
    .onConflictDoNothing();
  const rows = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), inArray(tickets.ticketId, ids)))
    .orderBy(tickets.ticketId)
    .for('update');
  return new Map(rows.map((r) => [r.ticketId, r]));
}

/** Each ticket's usage from the ledger, in the order it was recorded. */
async function usageOf(
  tx: Tx,
  tenantId: string,
  ticketIds: readonly string[],
): Promise<Map<string, UsageEvent[]>> {
  const byTicket = new Map<string, UsageEvent[]>(ticketIds.map((id) => [id, []]));
  if (ticketIds.length === 0) return byTicket;
  const rows = await tx
    .select({ ticketId: usageEvents.ticketId, body: usageEvents.body })
    .from(usageEvents)
    .where(and(eq(usageEvents.tenantId, tenantId), inArray(usageEvents.ticketId, [...ticketIds])))
    .orderBy(usageEvents.receivedAt, usageEvents.id);
  for (const r of rows) byTicket.get(r.ticketId)?.push(r.body as UsageEvent);
  return byTicket;
}

interface TicketFacts {
  readonly ticketId: string;
  readonly revision: number;
  readonly lifecycle: Lifecycle;
  readonly attributes: Attributes;
}

/** Prices the tickets from the ledger and writes their rows in one statement. */
async function priceAndWrite(
  tx: Tx,
  tenantId: string,
  facts: readonly TicketFacts[],
  before: readonly TicketRow[],
  timeline: Timeline | null,
  now: Date,
): Promise<Map<string, TicketView>> {
  const usage = await usageOf(
    tx,
    tenantId,
    facts.map((f) => f.ticketId),
  );
  const views = new Map<string, TicketView>();
  const rows = facts.map(({ ticketId, revision, lifecycle, attributes }) => {
    const ticketUsage = usage.get(ticketId) ?? [];
    const activity: TicketActivity = {
      ticketId,
      usage: ticketUsage,
      lifecycle,
      ...(attributes ? { attributes } : {}),
    };
    const breakdown = priceAt(timeline, activity, now);
    views.set(ticketId, {
      ticketId,
      revision,
      activity,
      breakdown,
      plan: planRef(timeline, breakdown),
    });
    const digits = breakdown ? minorUnits(breakdown.currency) : 0;
    let firstUsage: number | null = null;
    for (const u of ticketUsage) {
      const at = Date.parse(u.at);
      if (firstUsage === null || at < firstUsage) firstUsage = at;
    }
    return {
      tenantId,
      ticketId,
      revision,
      lifecycle,
      attributes: attributes ?? null,
      breakdown,
      planId: breakdown?.planId ?? null,
      planVersion: breakdown?.planVersion ?? null,
      currency: breakdown?.currency ?? null,
      outcome: breakdown?.outcome ?? null,
      tier: breakdown?.tier ?? null,
      totalMinor: breakdown ? toMinor(breakdown.total, digits) : null,
      confirmedMinor: breakdown ? toMinor(breakdown.confirmedTotal, digits) : null,
      // A pending resolution is reported, provisionally, with the ticket's usage until it
      // confirms (confirms_at brings it back for repricing then), not on a day still to come.
      decidedAt:
        breakdown?.decidedAt && breakdown.outcome !== 'pending_confirmation'
          ? new Date(breakdown.decidedAt)
          : null,
      firstUsageAt: firstUsage === null ? null : new Date(firstUsage),
      channel: attributes?.channel ?? null,
      groupName: attributes?.group ?? null,
      agent: attributes?.agent ?? null,
      tools:
        breakdown?.tools ??
        [...new Set(ticketUsage.flatMap((u) => ('tool' in u ? [u.tool] : [])))].sort(),
      confirmsAt: repriceAt(breakdown, timeline, activity, now),
      updatedAt: now,
      dirty: false,
    };
  });
  const [tenant] = await tx
    .select({ timeZone: tenants.timeZone })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  await updateRollups(tx, tenantId, before, rows, tenant?.timeZone ?? 'UTC');
  if (rows.length > 0) {
    const excluded = (column: string) => sql.raw(`excluded.${column}`);
    await tx
      .insert(tickets)
      .values(rows)
      .onConflictDoUpdate({
        target: [tickets.tenantId, tickets.ticketId],
        set: {
          revision: excluded('revision'),
          lifecycle: excluded('lifecycle'),
          attributes: excluded('attributes'),
          breakdown: excluded('breakdown'),
          planId: excluded('plan_id'),
          planVersion: excluded('plan_version'),
          currency: excluded('currency'),
          outcome: excluded('outcome'),
          tier: excluded('tier'),
          totalMinor: excluded('total_minor'),
          confirmedMinor: excluded('confirmed_minor'),
          decidedAt: excluded('decided_at'),
          firstUsageAt: excluded('first_usage_at'),
          channel: excluded('channel'),
          groupName: excluded('group_name'),
          agent: excluded('agent'),
          tools: excluded('tools'),
          confirmsAt: excluded('confirms_at'),
          updatedAt: excluded('updated_at'),
          dirty: excluded('dirty'),
        },
      });
  }
  return views;
}

const factsOf = (row: TicketRow): TicketFacts => ({
  ticketId: row.ticketId,
  revision: row.revision,
  lifecycle: row.lifecycle as Lifecycle,
  attributes: (row.attributes ?? undefined) as Attributes,
});

/**
 * Applies a sync from the sidebar. An older revision than the one stored changes nothing and
 * answers what is stored; the same or a newer one records the ticket's usage, replaces its
 * lifecycle and attributes, and reprices it.
 */
export async function syncTicket(
  tx: Tx,
  tenantId: string,
  revision: number,
  activity: TicketActivity,
  timeline: Timeline | null,
  now: Date,
): Promise<SyncOutcome> {
  const row = (await lockTickets(tx, tenantId, [activity.ticketId])).get(activity.ticketId)!;
  const recorded = await recordUsage(
    tx,
    tenantId,
    activity.usage.map((event) => ({ ticketId: activity.ticketId, event })),
    'ticket',
  );
  const conflicts = recorded.conflicts.map(({ id, reason }) => ({ id, reason }));
  // Newer facts already stored are kept, but any usage this sync brought still counts.
  const applied = row.revision <= revision;
  const facts = applied
    ? {
        ticketId: activity.ticketId,
        revision,
        lifecycle: activity.lifecycle,
        attributes: activity.attributes,
      }
    : factsOf(row);
  const view = (await priceAndWrite(tx, tenantId, [facts], [row], timeline, now)).get(
    activity.ticketId,
  )!;
  return { ...view, applied, conflicts };
}

/** Marks tickets as needing a new price, creating rows for tickets not seen yet. */
export async function markDirty(
  tx: Tx,
  tenantId: string,
  ticketIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(ticketIds)].sort();
  if (ids.length === 0) return;
  // Two parameters however many tickets (the ids as one JSON array); a ticket already marked is left alone (no new row
  // version), and one being repriced right now is waited for, then marked again.
  await tx.execute(sql`INSERT INTO tickets (tenant_id, ticket_id, revision, lifecycle, dirty)
    SELECT ${tenantId}, t.id, 0, '[]'::jsonb, true FROM jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) AS t(id)
    ON CONFLICT (tenant_id, ticket_id) DO UPDATE SET dirty = true WHERE tickets.dirty = false`);
}

/** The tenants that have dirty tickets: read without locks, so it never spans shards' locks. */
async function tenantsWithDirtyTickets(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tenantId: tickets.tenantId })
    .from(tickets)
    .where(eq(tickets.dirty, true))
    .orderBy(tickets.tenantId);
  return rows.map((r) => r.tenantId);
}

/**
 * Reprices up to `limit` dirty tickets of one tenant, skipping rows another instance is
 * repricing right now. The locking query names the tenant: one tenant per transaction, so a
 * tenant's tickets never wait on another's, and on an engine that shards by tenant (Citus) the
 * lock stays on one shard.
 */
async function repriceTenantBatch(
  db: Db,
  timelineOf: (tenantId: string, tx: Tx) => Promise<Timeline | null>,
  now: Date,
  tenantId: string,
  limit: number,
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.dirty, true)))
      .orderBy(tickets.ticketId)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return 0;
    // Inside the transaction: an embedded database has one connection.
    await priceAndWrite(tx, tenantId, rows.map(factsOf), rows, await timelineOf(tenantId, tx), now);
    return rows.length;
  });
}

/**
 * Reprices dirty tickets, up to `limit` per tenant (of one tenant, or of every tenant that has
 * some, one batch each in turn so that a large tenant cannot starve the others). Returns how
 * many it repriced.
 */
export async function repriceDirty(
  db: Db,
  timelineOf: (tenantId: string, tx: Tx) => Promise<Timeline | null>,
  now: Date,
  tenantId?: string,
  limit = 500,
): Promise<number> {
  const tenantIds = tenantId ? [tenantId] : await tenantsWithDirtyTickets(db);
  let repriced = 0;
  for (const id of tenantIds) repriced += await repriceTenantBatch(db, timelineOf, now, id, limit);
  return repriced;
}

/**
 * Marks every ticket of a tenant for repricing: an activation changes the plan in force from its
 * instant on, so the repricer brings the whole ledger (and its rollups) onto the new timeline.
 */
export async function markAllDirty(tx: Tx, tenantId: string): Promise<void> {
  await tx
    .update(tickets)
    .set({ dirty: true })
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.dirty, false)));
}

/**
 * Marks the tickets (of one tenant, or of all) whose price came due for a change with no new
 * fact: a pending confirmation, or a scheduled activation whose instant has passed.
 */
export async function markDueConfirmations(
  db: Db,
  tenantId: string | null,
  now: Date,
): Promise<void> {
  const due = and(lte(tickets.confirmsAt, now), eq(tickets.dirty, false));
  await db
    .update(tickets)
    .set({ dirty: true })
    .where(tenantId === null ? due : and(eq(tickets.tenantId, tenantId), due));
}

/** Reprices every dirty ticket of a tenant: reports call it so that they read exact figures. */
export async function repriceAllDirty(
  db: Db,
  timelineOf: (tenantId: string, tx: Tx) => Promise<Timeline | null>,
  now: Date,
  tenantId?: string,
): Promise<void> {
  while ((await repriceDirty(db, timelineOf, now, tenantId)) > 0) {
    // Next batch.
  }
}

export async function readTicket(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  timeline: Timeline | null,
  now: Date,
): Promise<TicketView | null> {
  const [row] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.ticketId, ticketId)));
  if (!row) return null;
  const usage = (await usageOf(tx, tenantId, [ticketId])).get(ticketId) ?? [];
  const activity: TicketActivity = {
    ticketId,
    usage,
    lifecycle: row.lifecycle as Lifecycle,
    ...(row.attributes ? { attributes: row.attributes as Attributes } : {}),
  };
  // Priced at read time: a pending confirmation may have become a resolution since the write.
  const breakdown = priceAt(timeline, activity, now);
  return {
    ticketId,
    revision: row.revision,
    activity,
    breakdown,
    plan: planRef(timeline, breakdown),
  };
}
