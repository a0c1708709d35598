/**
 * Daily rollups: what every report sums, kept up to date as tickets are priced. Each ticket
 * adds to one row per dimension it has (all, group, agent, channel, tier, and each AI tool) on
 * the day its outcome was decided (or, while undecided, its first usage), in the tenant's time
 * zone. Repricing a ticket subtracts its old contribution and adds the new one, in the same
 * transaction, so a month of a million tickets is a sum over a few thousand rows.
 * @module
 */
import { sql } from 'drizzle-orm';
import { dayIn } from '../../pricing/report/grouping.js';
import type { Tx } from '../ledger/usage.js';

export const DIMENSIONS = ['all', 'group', 'agent', 'channel', 'tier', 'tool'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The columns of a ticket row that reports read. */
export interface Reportable {
  readonly currency: string | null;
  readonly outcome: string | null;
  readonly totalMinor: bigint | null;
  readonly confirmedMinor: bigint | null;
  readonly decidedAt: Date | null;
  readonly firstUsageAt: Date | null;
  readonly groupName: string | null;
  readonly agent: string | null;
  readonly channel: string | null;
  readonly tier: string | null;
  readonly tools: unknown;
}

interface Amounts {
  tickets: bigint;
  confirmed: bigint;
  total: bigint;
}

/** A ticket's contribution, keyed by day, currency, dimension, value and outcome. */
export function contributions(
  row: Reportable,
  timeZone: string,
  sign: 1n | -1n,
): Map<string, Amounts> {
  const out = new Map<string, Amounts>();
  const at = row.decidedAt ?? row.firstUsageAt;
  if (!at || !row.outcome || !row.currency) return out;
  const day = dayIn(at, timeZone);
  const values: [Dimension, string][] = [
    ['all', ''],
    ['group', row.groupName ?? ''],
    ['agent', row.agent ?? ''],
    ['channel', row.channel ?? ''],
    ['tier', row.tier ?? ''],
    ...(Array.isArray(row.tools)
      ? (row.tools as string[]).map((t): [Dimension, string] => ['tool', t])
      : []),
  ];
  for (const [dimension, value] of values) {
    out.set(JSON.stringify([day, row.currency, dimension, value, row.outcome]), {
      tickets: sign,
      confirmed: sign * (row.confirmedMinor ?? 0n),
      total: sign * (row.totalMinor ?? 0n),
    });
  }
  return out;
}

/** Moves the rollups from the tickets' old rows to their new ones. */
export async function updateRollups(
  tx: Tx,
  tenantId: string,
  before: readonly Reportable[],
  after: readonly Reportable[],
  timeZone: string,
): Promise<void> {
  const delta = new Map<string, Amounts>();
  const add = (parts: Map<string, Amounts>) => {
    for (const [key, a] of parts) {
      const d = delta.get(key) ?? { tickets: 0n, confirmed: 0n, total: 0n };
      delta.set(key, {
        tickets: d.tickets + a.tickets,
        confirmed: d.confirmed + a.confirmed,
        total: d.total + a.total,
      });
    }
  };
  for (const row of before) add(contributions(row, timeZone, -1n));
  for (const row of after) add(contributions(row, timeZone, 1n));
  // In key order, so that two repricers touching the same rollup rows lock them in one order.
  const changed = [...delta]
    .filter(([, d]) => d.tickets !== 0n || d.confirmed !== 0n || d.total !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (changed.length === 0) return;
  const rows = changed.map(([key, d]) => {
    const [day, currency, dimension, value, outcome] = JSON.parse(key) as string[];
    return sql`(${tenantId}, ${day}::date, ${currency}, ${dimension}, ${value}, ${outcome}, ${d.tickets.toString()}::numeric, ${d.confirmed.toString()}::numeric, ${d.total.toString()}::numeric)`;
  });
  await tx.execute(sql`INSERT INTO ticket_rollups (tenant_id, day, currency, dimension, value, outcome, tickets, confirmed_minor, total_minor)
    VALUES ${sql.join(rows, sql`, `)}
    ON CONFLICT (tenant_id, day, currency, dimension, value, outcome) DO UPDATE SET
      tickets = ticket_rollups.tickets + excluded.tickets,
      confirmed_minor = ticket_rollups.confirmed_minor + excluded.confirmed_minor,
      total_minor = ticket_rollups.total_minor + excluded.total_minor`);
}
