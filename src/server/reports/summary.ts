/**
 * Period reports aggregated in SQL over the per-ticket ledger, so a month of 100,000 tickets is
 * one indexed scan, never a download. A ticket belongs to the period of its outcome's decision
 * (its confirmation, for resolutions) or, while undecided, of its first AI usage.
 * @module
 */
import { type SQL, sql } from 'drizzle-orm';
import { minorUnits } from '../../pricing/index.js';
import { formatFixed } from '../../pricing/money/decimal.js';
import { divideHalfEven } from '../../pricing/money/rounding.js';
import type { Db } from '../db/database.js';

export type GroupBy =
  | 'day'
  | 'week'
  | 'month'
  | 'group'
  | 'agent'
  | 'tool'
  | 'tier'
  | 'channel'
  | 'outcome';

export interface SummaryRow {
  readonly key: string | null;
  readonly currency: string | null;
  readonly tickets: number;
  readonly aiTickets: number;
  readonly totalCost: string;
  readonly provisionalCost: string;
  readonly aiResolutions: number;
  readonly assisted: number;
  readonly escalated: number;
  readonly costPerResolution: string | null;
  readonly costPerResolvedTicket: string | null;
}

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  // Both drivers answer { rows }; Drizzle's shared type does not say so.
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const periodOf = sql`coalesce(t.decided_at, t.first_usage_at)`;

function keyOf(groupBy: GroupBy, timeZone: string): SQL {
  switch (groupBy) {
    case 'day':
    case 'week':
    case 'month':
      return sql`to_char(date_trunc(${groupBy}, ${periodOf} AT TIME ZONE ${timeZone}), 'YYYY-MM-DD')`;
    case 'group':
      return sql`t.group_name`;
    case 'agent':
      return sql`t.agent`;
    case 'tier':
      return sql`t.tier`;
    case 'channel':
      return sql`t.channel`;
    case 'outcome':
      return sql`t.outcome`;
    case 'tool':
      return sql`tool.name`;
  }
}

interface Aggregate {
  key: string | null;
  currency: string | null;
  tickets: string | number;
  ai_tickets: string | number;
  confirmed: string | null;
  total: string | null;
  resolutions: string | number;
  assisted: string | number;
  escalated: string | number;
}

function perUnit(total: bigint, count: number, digits: number): string | null {
  return count === 0 ? null : formatFixed(divideHalfEven(total, BigInt(count)), digits);
}

export async function summary(
  db: Db,
  tenantId: string,
  from: Date,
  to: Date,
  groupBy: GroupBy,
  timeZone = 'UTC',
): Promise<SummaryRow[]> {
  const key = keyOf(groupBy, timeZone);
  const tools =
    groupBy === 'tool'
      ? sql`CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(t.tools, '[]'::jsonb)) AS tool(name)`
      : sql``;
  const found = await rows<Aggregate>(
    db,
    sql`SELECT ${key} AS key, t.currency AS currency,
          count(*) AS tickets,
          count(*) FILTER (WHERE t.outcome <> 'no_ai') AS ai_tickets,
          sum(t.confirmed_minor)::text AS confirmed,
          sum(t.total_minor)::text AS total,
          count(*) FILTER (WHERE t.outcome = 'ai_resolved') AS resolutions,
          count(*) FILTER (WHERE t.outcome = 'assisted') AS assisted,
          count(*) FILTER (WHERE t.outcome = 'escalated') AS escalated
        FROM tickets t ${tools}
        WHERE t.tenant_id = ${tenantId} AND ${periodOf} >= ${from.toISOString()} AND ${periodOf} < ${to.toISOString()}
        GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return found.map((r) => {
    const digits = r.currency ? minorUnits(r.currency) : 0;
    const confirmed = BigInt(r.confirmed ?? '0');
    const provisional = BigInt(r.total ?? '0') - confirmed;
    const resolutions = Number(r.resolutions);
    const assisted = Number(r.assisted);
    return {
      key: r.key,
      currency: r.currency,
      tickets: Number(r.tickets),
      aiTickets: Number(r.ai_tickets),
      totalCost: formatFixed(confirmed, digits),
      provisionalCost: formatFixed(provisional, digits),
      aiResolutions: resolutions,
      assisted,
      escalated: Number(r.escalated),
      costPerResolution: perUnit(confirmed, resolutions, digits),
      costPerResolvedTicket: perUnit(confirmed, resolutions + assisted, digits),
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
    total: formatFixed(BigInt(r.total_minor ?? '0'), r.currency ? minorUnits(r.currency) : 0),
    tier: r.tier,
    channel: r.channel,
  }));
}
