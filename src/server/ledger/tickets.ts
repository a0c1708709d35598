/**
 * The per-ticket ledger: what the sidebar synced (lifecycle, attributes, usage read off the
 * ticket) merged with the usage the AI platform posted, priced again by the core over the
 * tenant's timeline of plans. The backend never stores a cost it did not compute itself.
 *
 * Tickets are repriced in batches of one tenant: one statement locks every touched ticket, one
 * reads their usage, one writes them back, however many tickets a batch of usage touches.
 * @module
 */
import { and, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import {
  type Breakdown,
  priceTicketOver,
  priceTicketWithCost,
  type TicketActivity,
  type Timeline,
  type UsageEvent,
} from '../../pricing/index.js';
import type { Db } from '../db/database.js';
import { tenants, tickets, usageEvents } from '../db/schema.js';
import { updateRollups } from '../reports/rollups.js';
import { replaceDerivedUsage, type Tx } from './usage.js';

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
  /** Set when the ticket could not be priced: its facts are stored, its price is retried. */
  readonly pricingError?: string;
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

/** A ticket that could not be priced, and why. */
interface PricingFailure {
  readonly facts: TicketFacts;
  readonly reason: string;
}

const reasonOf = (error: unknown): string =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);

/**
 * Records tickets that could not be priced: their facts are kept (a sync is not lost), their
 * price and report columns are left as they were (so the rollups still match them), and they
 * stay dirty with the reason and a time before which they are not tried again (5 s, doubling
 * with each failure in a row, at most an hour).
 */
async function recordFailures(
  tx: Tx,
  tenantId: string,
  failures: readonly PricingFailure[],
  now: Date,
): Promise<void> {
  if (failures.length === 0) return;
  const json = JSON.stringify(
    failures.map(({ facts, reason }) => ({
      ticket_id: facts.ticketId,
      revision: facts.revision,
      lifecycle: facts.lifecycle,
      attributes: facts.attributes ?? null,
      reason,
    })),
  );
  // The backoff as epoch seconds: timestamptz + interval is STABLE (it reads the session's
  // time zone), which Citus refuses beside a column in an UPDATE; to_timestamp is not.
  await tx.execute(sql`UPDATE tickets t SET
      revision = f.revision, lifecycle = f.lifecycle, attributes = f.attributes,
      dirty = true, price_error = f.reason, price_attempts = t.price_attempts + 1,
      retry_at = to_timestamp(${now.getTime() / 1000}
        + least(3600, 5 * power(2, least(t.price_attempts, 12))))
    FROM jsonb_to_recordset(${json}::jsonb)
      AS f(ticket_id text, revision bigint, lifecycle jsonb, attributes jsonb, reason text)
    WHERE t.tenant_id = ${tenantId} AND t.ticket_id = f.ticket_id`);
}

interface Written {
  readonly views: Map<string, TicketView>;
  readonly failures: PricingFailure[];
}

/**
 * Prices the tickets from the ledger and writes their rows in one statement. A ticket whose
 * pricing throws is recorded as a failure and the others are written all the same.
 */
async function priceAndWrite(
  tx: Tx,
  tenantId: string,
  facts: readonly TicketFacts[],
  before: readonly TicketRow[],
  timeline: Timeline | null,
  now: Date,
): Promise<Written> {
  const usage = await usageOf(
    tx,
    tenantId,
    facts.map((f) => f.ticketId),
  );
  const views = new Map<string, TicketView>();
  const failures: PricingFailure[] = [];
  const priced = facts.map((ticketFacts) => {
    try {
      return rowOf(ticketFacts);
    } catch (error) {
      failures.push({ facts: ticketFacts, reason: reasonOf(error) });
      const { ticketId, revision, lifecycle, attributes } = ticketFacts;
      const activity: TicketActivity = {
        ticketId,
        usage: usage.get(ticketId) ?? [],
        lifecycle,
        ...(attributes ? { attributes } : {}),
      };
      views.set(ticketId, { ticketId, revision, activity, breakdown: null, plan: null });
      return null;
    }
  });
  function rowOf({ ticketId, revision, lifecycle, attributes }: TicketFacts) {
    const ticketUsage = usage.get(ticketId) ?? [];
    const activity: TicketActivity = {
      ticketId,
      usage: ticketUsage,
      lifecycle,
      ...(attributes ? { attributes } : {}),
    };
    const priced = timeline ? priceTicketWithCost(timeline, activity, { asOf: now }) : null;
    const breakdown = priced?.breakdown ?? null;
    views.set(ticketId, {
      ticketId,
      revision,
      activity,
      breakdown,
      plan: planRef(timeline, breakdown),
    });
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
      totalMinor: priced?.total.minor ?? null,
      confirmedMinor: priced?.confirmed.minor ?? null,
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
      priceError: null,
      priceAttempts: 0,
      retryAt: null,
    };
  }
  const rows = priced.filter((r) => r !== null);
  const failed = new Set(failures.map((f) => f.facts.ticketId));
  const [tenant] = await tx
    .select({ timeZone: tenants.timeZone })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  await updateRollups(
    tx,
    tenantId,
    before.filter((r) => !failed.has(r.ticketId)),
    rows,
    tenant?.timeZone ?? 'UTC',
  );
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
          priceError: excluded('price_error'),
          priceAttempts: excluded('price_attempts'),
          retryAt: excluded('retry_at'),
        },
      });
  }
  await recordFailures(tx, tenantId, failures, now);
  return { views, failures };
}

const factsOf = (row: TicketRow): TicketFacts => ({
  ticketId: row.ticketId,
  revision: row.revision,
  lifecycle: row.lifecycle as Lifecycle,
  attributes: (row.attributes ?? undefined) as Attributes,
});

/**
 * Applies a sync (from the sidebar, or read from Zendesk). An older revision than the one
 * stored changes nothing and answers what is stored; the same or a newer one replaces the
 * lifecycle, the attributes and the ticket's derived usage (a snapshot per revision: what it no
 * longer derives goes, posted usage stays), and reprices it. `keepUsage` leaves the derived
 * usage as it is (a status change alone).
 */
export async function syncTicket(
  tx: Tx,
  tenantId: string,
  revision: number,
  activity: TicketActivity,
  timeline: Timeline | null,
  now: Date,
  options: { keepUsage?: boolean } = {},
): Promise<SyncOutcome> {
  const row = (await lockTickets(tx, tenantId, [activity.ticketId])).get(activity.ticketId)!;
  const applied = row.revision <= revision;
  // An older revision's usage is an older snapshot: the stored one is newer.
  const recorded =
    applied && !options.keepUsage
      ? await replaceDerivedUsage(tx, tenantId, activity.ticketId, activity.usage)
      : { conflicts: [] };
  const conflicts = recorded.conflicts.map(({ id, reason }) => ({ id, reason }));
  const facts = applied
    ? {
        ticketId: activity.ticketId,
        revision,
        lifecycle: activity.lifecycle,
        attributes: activity.attributes,
      }
    : factsOf(row);
  const written = await priceAndWrite(tx, tenantId, [facts], [row], timeline, now);
  const view = written.views.get(activity.ticketId)!;
  const failure = written.failures[0];
  return { ...view, applied, conflicts, ...(failure ? { pricingError: failure.reason } : {}) };
}

/** Dirty tickets that are due: not waiting out the backoff of a failed pricing. */
const due = (now: Date) =>
  and(eq(tickets.dirty, true), or(isNull(tickets.retryAt), lte(tickets.retryAt, now)));

/** The tenants that have due dirty tickets: read without locks, so it never spans shards' locks. */
async function tenantsWithDirtyTickets(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tenantId: tickets.tenantId })
    .from(tickets)
    .where(due(now))
    .orderBy(tickets.tenantId);
  return rows.map((r) => r.tenantId);
}

/** What a repricing pass did. */
export interface Repriced {
  /** Tickets taken (priced, or recorded as failed). */
  readonly tickets: number;
  /** Tickets that could not be priced, now waiting out their backoff. */
  readonly failed: number;
}

/**
 * Reprices up to `limit` dirty tickets of one tenant, skipping rows another instance is
 * repricing right now. The locking query names the tenant: one tenant per transaction, so a
 * tenant's tickets never wait on another's, and on an engine that shards by tenant (Citus) the
 * lock stays on one shard. A ticket that cannot be priced is recorded as such and the rest of
 * the batch is priced all the same.
 */
async function repriceTenantBatch(
  db: Db,
  timelineOf: (tenantId: string, tx: Tx) => Promise<Timeline | null>,
  now: Date,
  tenantId: string,
  limit: number,
): Promise<Repriced> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenantId), due(now)))
      .orderBy(tickets.ticketId)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return { tickets: 0, failed: 0 };
    // Inside the transaction: an embedded database has one connection.
    const timeline = await timelineOf(tenantId, tx);
    try {
      const { failures } = await tx.transaction((batch) =>
        priceAndWrite(batch, tenantId, rows.map(factsOf), rows, timeline, now),
      );
      return { tickets: rows.length, failed: failures.length };
    } catch {
      // The batch's statements failed (a value the database refused): each ticket alone, so
      // that only the ticket at fault is held back.
      let failed = 0;
      for (const row of rows) {
        try {
          const { failures } = await tx.transaction((one) =>
            priceAndWrite(one, tenantId, [factsOf(row)], [row], timeline, now),
          );
          failed += failures.length;
        } catch (error) {
          await recordFailures(
            tx,
            tenantId,
            [{ facts: factsOf(row), reason: reasonOf(error) }],
            now,
          );
          failed++;
        }
      }
      return { tickets: rows.length, failed };
    }
  });
}

/**
 * Reprices dirty tickets, up to `limit` per tenant (of one tenant, or of every tenant that has
 * some, one batch each in turn so that a large tenant cannot starve the others). A tenant whose
 * batch fails as a whole (its plan unreadable, say) is reported to `onError` and the other
 * tenants are repriced all the same.
 */
export async function repriceDirty(
  db: Db,
  timelineOf: (tenantId: string, tx: Tx) => Promise<Timeline | null>,
  now: Date,
  tenantId?: string,
  limit = 500,
  onError?: (tenantId: string, error: unknown) => void,
): Promise<Repriced> {
  if (tenantId) return repriceTenantBatch(db, timelineOf, now, tenantId, limit);
  let repriced = 0;
  let failed = 0;
  for (const id of await tenantsWithDirtyTickets(db, now)) {
    try {
      const batch = await repriceTenantBatch(db, timelineOf, now, id, limit);
      repriced += batch.tickets;
      failed += batch.failed;
    } catch (error) {
      if (!onError) throw error;
      onError(id, error);
    }
  }
  return { tickets: repriced, failed };
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
  const dueNow = and(lte(tickets.confirmsAt, now), eq(tickets.dirty, false));
  // Across tenants: find the tenants first (a read, no locks), then write one tenant at a time,
  // so that no write spans tenants (on Citus, shards).
  const tenantIds =
    tenantId !== null
      ? [tenantId]
      : (
          await db
            .selectDistinct({ tenantId: tickets.tenantId })
            .from(tickets)
            .where(dueNow)
            .orderBy(tickets.tenantId)
        ).map((r) => r.tenantId);
  for (const id of tenantIds) {
    await db
      .update(tickets)
      .set({ dirty: true })
      .where(and(eq(tickets.tenantId, id), dueNow));
  }
}

/**
 * Reprices every due dirty ticket (of a tenant: reports call it so that they read exact
 * figures). Tickets that fail wait out their backoff, so this ends. Returns how many failed.
 */
export async function repriceAllDirty(
  db: Db,
  timelineOf: (tenantId: string, tx: Tx) => Promise<Timeline | null>,
  now: Date,
  tenantId?: string,
  onError?: (tenantId: string, error: unknown) => void,
  signal?: AbortSignal,
): Promise<number> {
  let failed = 0;
  for (;;) {
    // Between batches: a request whose deadline passed stops here.
    signal?.throwIfAborted();
    const pass = await repriceDirty(db, timelineOf, now, tenantId, 500, onError);
    failed += pass.failed;
    if (pass.tickets === 0) return failed;
  }
}

/** How many tickets wait for a price they could not get, across tenants (for /metrics). */
export async function countUnpriceable(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`count(*)` })
    .from(tickets)
    .where(isNotNull(tickets.priceError));
  return Number(row?.n ?? 0);
}

/** How many tickets wait to be repriced, across tenants: the repricer's queue (for /metrics). */
export async function countDirty(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`count(*)` })
    .from(tickets)
    .where(eq(tickets.dirty, true));
  return Number(row?.n ?? 0);
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
