/**
 * Period reports aggregated in SQL over the per-ticket ledger, so a month of 100,000 tickets is
 * one indexed scan, never a download. A ticket belongs to the period of its outcome's decision
 * (its confirmation, for resolutions) or, while undecided, of its first AI usage.
 * @module
 */
import { type SQL, sql } from 'drizzle-orm';
import type { SummaryRow } from '../../api/reports.js';
import {
  formatAmount,
  money,
  subtractMoney,
  type Tally,
  writtenFigures,
} from '../../pricing/index.js';
import { dayIn, type Grouping } from '../../pricing/report/grouping.js';
import type { Db } from '../db/database.js';
import type { Dimension } from './rollups.js';

/** The report's groupings: the core's, so that a report and its minutes file tickets alike. */
export type GroupBy = Grouping;

export type { SummaryRow };

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  // Both drivers answer { rows }; Drizzle's shared type does not say so.
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const periodOf = sql`coalesce(t.decided_at, t.first_usage_at)`;

interface Aggregate {
  key: string | null;
  currency: string | null;
  tickets: string | number;
  ai_tickets: string | number | null;
  confirmed: string | null;
  total: string | null;
  resolutions: string | number | null;
  assisted: string | number | null;
  escalated: string | number | null;
}

/** Which rollup rows a grouping reads, and the key it groups them by. */
function grouping(groupBy: GroupBy): { dimension: Dimension; key: SQL } {
  switch (groupBy) {
    case 'day':
    case 'week':
    case 'month':
      return { dimension: 'all', key: sql`to_char(date_trunc(${groupBy}, r.day), 'YYYY-MM-DD')` };
    case 'outcome':
      return { dimension: 'all', key: sql`r.outcome` };
    default:
      return { dimension: groupBy, key: sql`nullif(r.value, '')` };
  }
}

/**
 * A summary over whole days (in the tenant's time zone) from the day of `from` up to, not
 * including, the day of `to`, summed from the daily rollups.
 */
export async function summary(
  db: Db,
  tenantId: string,
  from: Date,
  to: Date,
  groupBy: GroupBy,
  timeZone = 'UTC',
): Promise<SummaryRow[]> {
  const { dimension, key } = grouping(groupBy);
  const found = await rows<Aggregate>(
    db,
    sql`SELECT ${key} AS key, r.currency AS currency,
          sum(r.tickets)::text AS tickets,
          (sum(r.tickets) FILTER (WHERE r.outcome <> 'no_ai'))::text AS ai_tickets,
          sum(r.confirmed_minor)::text AS confirmed,
          sum(r.total_minor)::text AS total,
          (sum(r.tickets) FILTER (WHERE r.outcome = 'ai_resolved'))::text AS resolutions,
          (sum(r.tickets) FILTER (WHERE r.outcome = 'assisted'))::text AS assisted,
          (sum(r.tickets) FILTER (WHERE r.outcome = 'escalated'))::text AS escalated
        FROM ticket_rollups r
        WHERE r.tenant_id = ${tenantId} AND r.dimension = ${dimension}
          AND r.day >= ${dayIn(from, timeZone)}::date AND r.day < ${dayIn(to, timeZone)}::date
        GROUP BY 1, 2 HAVING sum(r.tickets) <> 0 ORDER BY 1, 2`,
  );
  return found.map((r) => {
    // Rows without a currency (tickets never priced) count tickets and no money.
    const currency = r.currency ?? 'XXX';
    const confirmed = money(BigInt(r.confirmed ?? '0'), currency);
    const tally: Tally = {
      currency,
      tickets: Number(r.tickets),
      aiTickets: Number(r.ai_tickets ?? 0),
      confirmed,
      provisional: subtractMoney(money(BigInt(r.total ?? '0'), currency), confirmed),
      aiResolutions: Number(r.resolutions ?? 0),
      assisted: Number(r.assisted ?? 0),
      escalated: Number(r.escalated ?? 0),
    };
    const { totalCost, provisionalCost, costPerResolution, costPerResolvedTicket } =
      writtenFigures(tally);
    return {
      key: r.key,
      currency: r.currency,
      tickets: tally.tickets,
      aiTickets: tally.aiTickets,
      totalCost,
      provisionalCost,
      aiResolutions: tally.aiResolutions,
      assisted: tally.assisted,
      escalated: tally.escalated,
      costPerResolution,
      costPerResolvedTicket,
    };
  });
}

export interface TopTicket {
  readonly ticketId: string;
  readonly outcome: string | null;
  readonly currency: string | null;
  readonly total: string;
  readonly tier: string | null;
  readonly channel: string | null;
}

export async function topTickets(
  db: Db,
  tenantId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<TopTicket[]> {
  const found = await rows<{
    ticket_id: string;
    outcome: string | null;
    currency: string | null;
    total_minor: string | null;
    tier: string | null;
    channel: string | null;
  }>(
    db,
    sql`SELECT t.ticket_id, t.outcome, t.currency, t.total_minor::text AS total_minor, t.tier, t.channel
        FROM tickets t
        WHERE t.tenant_id = ${tenantId} AND ${periodOf} >= ${from.toISOString()} AND ${periodOf} < ${to.toISOString()}
          AND t.total_minor IS NOT NULL
        ORDER BY t.total_minor DESC, t.ticket_id LIMIT ${limit}`,
  );
  return found.map((r) => ({
    ticketId: r.ticket_id,
    outcome: r.outcome,
    currency: r.currency,
    total: formatAmount(money(BigInt(r.total_minor ?? '0'), r.currency ?? 'XXX')),
    tier: r.tier,
    channel: r.channel,
  }));
}
