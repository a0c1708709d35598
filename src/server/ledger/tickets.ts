/**
 * The per-ticket ledger: what the sidebar synced (lifecycle, attributes, usage read off the
 * ticket) merged with the usage the AI platform posted, priced again by the core under the
 * active plan. The backend never stores a cost it did not compute itself.
 * @module
 */
import { and, eq } from 'drizzle-orm';
import {
  type Breakdown,
  minorUnits,
  type Plan,
  priceTicket,
  type TicketActivity,
  toMinor,
} from '../../pricing/index.js';
import { tickets } from '../db/schema.js';
import { recordUsage, type Tx, ticketUsage } from './usage.js';

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

async function lockTicket(tx: Tx, tenantId: string, ticketId: string): Promise<TicketRow | null> {
  const [row] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.ticketId, ticketId)))
    .for('update');
  return row ?? null;
}

function planRef(plan: Plan | null): TicketView['plan'] {
  return plan ? { id: plan.id, version: plan.version, name: plan.name } : null;
}

/** Prices the ticket from the ledger and writes its row (inserting it when new). */
async function repriceTicket(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  revision: number,
  lifecycle: TicketActivity['lifecycle'],
  attributes: TicketActivity['attributes'],
  plan: Plan | null,
  now: Date,
): Promise<TicketView> {
  const usage = await ticketUsage(tx, tenantId, ticketId);
  const activity: TicketActivity = {
    ticketId,
    usage,
    lifecycle,
    ...(attributes ? { attributes } : {}),
  };
  const breakdown = plan ? priceTicket(plan, activity, { asOf: now }) : null;
  const digits = breakdown ? minorUnits(breakdown.currency) : 0;
  const firstUsage = usage.reduce<string | null>((min, u) => {
    const at = new Date(u.at).toISOString();
    return min === null || at < min ? at : min;
  }, null);
  const values = {
    revision,
    lifecycle,
    attributes: attributes ?? null,
    breakdown,
    planId: plan?.id ?? null,
    planVersion: plan?.version ?? null,
    currency: breakdown?.currency ?? null,
    outcome: breakdown?.outcome ?? null,
    tier: breakdown?.tier ?? null,
    totalMinor: breakdown ? toMinor(breakdown.total, digits) : null,
    confirmedMinor: breakdown ? toMinor(breakdown.confirmedTotal, digits) : null,
    decidedAt: breakdown?.decidedAt ? new Date(breakdown.decidedAt) : null,
    firstUsageAt: firstUsage ? new Date(firstUsage) : null,
    channel: attributes?.channel ?? null,
    groupName: attributes?.group ?? null,
    agent: attributes?.agent ?? null,
    tools:
      breakdown?.tools ?? [...new Set(usage.flatMap((u) => ('tool' in u ? [u.tool] : [])))].sort(),
    updatedAt: now,
  };
  await tx
    .insert(tickets)
    .values({ tenantId, ticketId, ...values })
    .onConflictDoUpdate({ target: [tickets.tenantId, tickets.ticketId], set: values });
  return { ticketId, revision, activity, breakdown, plan: planRef(plan) };
}

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
  plan: Plan | null,
  now: Date,
): Promise<SyncOutcome> {
  const row = await lockTicket(tx, tenantId, activity.ticketId);
  const recorded = await recordUsage(
    tx,
    tenantId,
    activity.usage.map((event) => ({ ticketId: activity.ticketId, event })),
    'ticket',
  );
  const conflicts = recorded.conflicts.map(({ id, reason }) => ({ id, reason }));
  if (row && row.revision > revision) {
    // Newer facts are already stored: keep them, but count any usage this sync brought.
    const view = await repriceTicket(
      tx,
      tenantId,
      activity.ticketId,
      row.revision,
      row.lifecycle as TicketActivity['lifecycle'],
      (row.attributes ?? undefined) as TicketActivity['attributes'],
      plan,
      now,
    );
    return { ...view, applied: false, conflicts };
  }
  const view = await repriceTicket(
    tx,
    tenantId,
    activity.ticketId,
    revision,
    activity.lifecycle,
    activity.attributes,
    plan,
    now,
  );
  return { ...view, applied: true, conflicts };
}

/** Reprices tickets after usage arrived for them, creating rows for tickets not yet seen. */
export async function repriceTickets(
  tx: Tx,
  tenantId: string,
  ticketIds: readonly string[],
  plan: Plan | null,
  now: Date,
): Promise<void> {
  for (const ticketId of [...ticketIds].sort()) {
    const row = await lockTicket(tx, tenantId, ticketId);
    await repriceTicket(
      tx,
      tenantId,
      ticketId,
      row?.revision ?? 0,
      (row?.lifecycle ?? []) as TicketActivity['lifecycle'],
      (row?.attributes ?? undefined) as TicketActivity['attributes'],
      plan,
      now,
    );
  }
}

export async function readTicket(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  plan: Plan | null,
  now: Date,
): Promise<TicketView | null> {
  const [row] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.ticketId, ticketId)));
  if (!row) return null;
  const usage = await ticketUsage(tx, tenantId, ticketId);
  const activity: TicketActivity = {
    ticketId,
    usage,
    lifecycle: row.lifecycle as TicketActivity['lifecycle'],
    ...(row.attributes ? { attributes: row.attributes as TicketActivity['attributes'] } : {}),
  };
  // Priced at read time: a pending confirmation may have become a resolution since the write.
  const breakdown = plan ? priceTicket(plan, activity, { asOf: now }) : null;
  return { ticketId, revision: row.revision, activity, breakdown, plan: planRef(plan) };
}
