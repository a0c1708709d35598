/**
 * Raising alerts: each due threshold of each budget becomes one row of `budget_alerts`, whose
 * unique key (tenant, scope, value, kind, threshold, month) makes a second raise of the same
 * alert a no-op, whichever instance, before or after whatever restart, tries it. What the
 * insert did not create was raised before and is not raised again.
 * @module
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AlertEntry, AlertScope, AlertView } from '../../api/budgets.js';
import { formatAmount, money } from '../../pricing/index.js';
import type { Db } from '../db/database.js';
import { budgetAlerts } from '../db/schema.js';
import { creditText, type Pool } from './pool.js';
import type { Month, Standing } from './standing.js';

type AlertRow = typeof budgetAlerts.$inferSelect;

/** Whether the alert is to have an internal Zendesk ticket (alert-tickets.ts), due at once. */
const ticketFields = (ticket: boolean, now: Date) =>
  ticket ? { ticketState: 'pending', ticketNextAt: now } : {};

/**
 * Inserts the alerts now due; answers those that are new. `ticket`: the tenant gave Zendesk
 * API access, so each new alert is to have an internal ticket.
 */
export async function raiseAlerts(
  db: Db,
  tenantId: string,
  list: readonly Standing[],
  month: Month,
  now: Date,
  ticket = false,
): Promise<AlertRow[]> {
  const rows = list.flatMap((b) =>
    b.standing.due.map((due) => ({
      tenantId,
      scope: b.scope,
      value: b.value,
      kind: due.kind,
      threshold: due.threshold,
      period: month.period,
      currency: b.currency,
      budgetMinor: b.amountMinor,
      spentMinor: b.standing.confirmedMinor,
      forecastMinor: b.standing.forecast?.expectedMinor ?? null,
      raisedAt: now,
      nextAttemptAt: now,
      ...ticketFields(ticket, now),
    })),
  );
  if (rows.length === 0) return [];
  return db.insert(budgetAlerts).values(rows).onConflictDoNothing().returning();
}

/** The currency of a pool's alerts, whose amounts are millionths of a credit. */
export const POOL_CURRENCY = 'credits';

/**
 * The credit pool's alerts due (80 % and 100 % drained), once per tenant and month through the
 * same unique key as budgets' (scope `pool`, kind `drained`): its amounts are kept in
 * millionths of a credit, under the currency `credits`.
 */
export async function raisePoolAlerts(
  db: Db,
  tenantId: string,
  pool: Pool,
  month: Month,
  now: Date,
  ticket = false,
): Promise<AlertRow[]> {
  const s = pool.standing;
  if (s.reached.length === 0) return [];
  const rows = s.reached.map((threshold) => ({
    tenantId,
    scope: 'pool',
    value: '',
    kind: 'drained',
    threshold,
    period: month.period,
    currency: POOL_CURRENCY,
    budgetMinor: s.poolUnits,
    spentMinor: s.usedUnits,
    forecastMinor: null,
    raisedAt: now,
    nextAttemptAt: now,
    ...ticketFields(ticket, now),
  }));
  return db.insert(budgetAlerts).values(rows).onConflictDoNothing().returning();
}

/** An alert as its webhook carries it. */
export function alertView(row: AlertRow, account: string): AlertView {
  const pool = row.scope === 'pool';
  const amount = (minor: bigint) =>
    pool ? creditText(minor) : formatAmount(money(minor, row.currency));
  return {
    id: String(row.id),
    account,
    type: pool
      ? 'credits.pool_drained'
      : row.kind === 'forecast'
        ? 'budget.forecast_exceeded'
        : 'budget.threshold_reached',
    scope: row.scope as AlertScope,
    value: row.value,
    period: row.period,
    threshold: row.threshold,
    currency: row.currency,
    budget: amount(row.budgetMinor),
    spent: amount(row.spentMinor),
    forecast: row.forecastMinor === null ? null : amount(row.forecastMinor),
    raisedAt: row.raisedAt.toISOString(),
  };
}

export const MAX_LISTED_ALERTS = 500;

/** The tenant's alerts of a month (or the latest), newest first, with their delivery. */
export async function listAlerts(
  db: Db,
  tenantId: string,
  account: string,
  period: string | null,
): Promise<AlertEntry[]> {
  const rows = await db
    .select()
    .from(budgetAlerts)
    .where(
      and(
        eq(budgetAlerts.tenantId, tenantId),
        period === null ? sql`true` : eq(budgetAlerts.period, period),
      ),
    )
    .orderBy(desc(budgetAlerts.raisedAt), desc(budgetAlerts.id))
    .limit(MAX_LISTED_ALERTS);
  return rows.map((row) => ({
    ...alertView(row, account),
    delivery: row.delivery as AlertEntry['delivery'],
    attempts: row.attempts,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  }));
}
