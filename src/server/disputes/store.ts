/**
 * The disputes of one tenant: recorded with the ledger's own amount, listed by period, and
 * answered once. Every query names the tenant.
 * @module
 */
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Dispute, DisputeReason, DisputeStatus } from '../../api/disputes.js';
import { formatAmount, money } from '../../pricing/index.js';
import type { Db } from '../db/database.js';
import { disputes } from '../db/schema.js';

type Row = typeof disputes.$inferSelect;

function toDispute(row: Row): Dispute {
  return {
    id: String(row.id),
    ticketId: row.ticketId,
    plans: row.plans as string[],
    outcome: row.outcome,
    currency: row.currency,
    amount: formatAmount(money(row.amountMinor, row.currency)),
    reason: row.reason as DisputeReason,
    note: row.note,
    reportedBy: row.reportedBy,
    reportedAt: row.reportedAt.toISOString(),
    status: row.status as DisputeStatus,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    vendorAnswer: row.vendorAnswer,
  };
}

export interface NewDispute {
  readonly ticketId: string;
  readonly plans: readonly string[];
  readonly outcome: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly reason: DisputeReason;
  readonly note: string | null;
  readonly reportedBy: string;
  readonly reportedAt: Date;
}

/** Records a dispute; null when the ticket already has an open one. */
export async function createDispute(
  db: Db,
  tenantId: string,
  d: NewDispute,
): Promise<Dispute | null> {
  const rows = await db
    .insert(disputes)
    .values({ tenantId, ...d, plans: [...d.plans], status: 'open' })
    .onConflictDoNothing()
    .returning();
  return rows[0] ? toDispute(rows[0]) : null;
}

/** The most disputes one answer lists: a longer period is asked for in parts. */
export const MAX_LISTED_DISPUTES = 5000;

/** The disputes made in [from, to), oldest first; one more than the bound says "too many". */
export async function disputesBetween(
  db: Db,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<Dispute[]> {
  const rows = await db
    .select()
    .from(disputes)
    .where(
      and(
        eq(disputes.tenantId, tenantId),
        gte(disputes.reportedAt, from),
        lt(disputes.reportedAt, to),
      ),
    )
    .orderBy(asc(disputes.reportedAt), asc(disputes.id))
    .limit(MAX_LISTED_DISPUTES + 1);
  return rows.map(toDispute);
}

/** A ticket's disputes, oldest first. */
export async function disputesOfTicket(
  db: Db,
  tenantId: string,
  ticketId: string,
): Promise<Dispute[]> {
  const rows = await db
    .select()
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.ticketId, ticketId)))
    .orderBy(asc(disputes.reportedAt), asc(disputes.id));
  return rows.map(toDispute);
}

export async function disputeById(db: Db, tenantId: string, id: number): Promise<Dispute | null> {
  const [row] = await db
    .select()
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.id, id)));
  return row ? toDispute(row) : null;
}

/** Records the vendor's answer on an open dispute; null when it is not open (any more). */
export async function decideDispute(
  db: Db,
  tenantId: string,
  id: number,
  decision: { status: 'accepted' | 'rejected'; answer: string | null; by: string; at: Date },
): Promise<Dispute | null> {
  const rows = await db
    .update(disputes)
    .set({
      status: decision.status,
      vendorAnswer: decision.answer,
      decidedBy: decision.by,
      decidedAt: decision.at,
    })
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.id, id), eq(disputes.status, 'open')))
    .returning();
  return rows[0] ? toDispute(rows[0]) : null;
}
