/**
 * Each budget's standing this month, from the daily rollups that reports sum: confirmed spend
 * day by day (what the forecast reads) and provisional spend apart, in the budget's currency,
 * over the days of the month in the tenant's time zone up to today. A ticket counts on the day
 * of its outcome's decision (or, while undecided, of its first AI usage), as in the reports.
 * @module
 */
import { sql } from 'drizzle-orm';
import type { BudgetScope } from '../../api/budgets.js';
import { type BudgetStanding, budgetStanding } from '../../pricing/budget/budget.js';
import { daysInMonth } from '../../pricing/budget/forecast.js';
import { dayIn } from '../../pricing/report/grouping.js';
import type { Db } from '../db/database.js';
import type { Budget } from './store.js';

export interface Month {
  /** YYYY-MM. */
  readonly period: string;
  readonly firstDay: string;
  readonly today: string;
  readonly day: number;
  readonly length: number;
}

export function monthOf(now: Date, timeZone: string): Month {
  const today = dayIn(now, timeZone);
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  return {
    period: today.slice(0, 7),
    firstDay: `${today.slice(0, 7)}-01`,
    today,
    day,
    length: daysInMonth(year, month),
  };
}

/** The rollups' dimension for each budget scope. */
const DIMENSION: Record<BudgetScope, string> = { account: 'all', group: 'group', tool: 'tool' };

export interface Standing extends Budget {
  readonly standing: BudgetStanding;
}

interface Row {
  dimension: string;
  value: string;
  day: string;
  confirmed: string;
  total: string;
}

export async function standings(
  db: Db,
  tenantId: string,
  list: readonly Budget[],
  month: Month,
): Promise<Standing[]> {
  if (list.length === 0) return [];
  const currencies = [...new Set(list.map((b) => b.currency))];
  const found = (
    (await db.execute(
      sql`SELECT dimension, value, currency, to_char(day, 'YYYY-MM-DD') AS day,
            sum(confirmed_minor)::text AS confirmed, sum(total_minor)::text AS total
          FROM ticket_rollups
          WHERE tenant_id = ${tenantId} AND day >= ${month.firstDay}::date AND day <= ${month.today}::date
            AND dimension IN ('all', 'group', 'tool')
            AND currency = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(currencies)}::jsonb)))
          GROUP BY dimension, value, currency, day`,
    )) as unknown as { rows: (Row & { currency: string })[] }
  ).rows;
  const key = (dimension: string, value: string, currency: string) =>
    JSON.stringify([dimension, value, currency]);
  const byKey = new Map<string, { daily: bigint[]; provisional: bigint }>();
  for (const row of found) {
    const k = key(row.dimension, row.value, row.currency);
    let entry = byKey.get(k);
    if (!entry) {
      entry = { daily: Array.from({ length: month.day }, () => 0n), provisional: 0n };
      byKey.set(k, entry);
    }
    const confirmed = BigInt(row.confirmed);
    entry.daily[Number(row.day.slice(8)) - 1]! += confirmed;
    entry.provisional += BigInt(row.total) - confirmed;
  }
  return list.map((budget) => {
    const entry = byKey.get(key(DIMENSION[budget.scope], budget.value, budget.currency));
    return {
      ...budget,
      standing: budgetStanding({
        budgetMinor: budget.amountMinor,
        dailyConfirmedMinor: entry?.daily ?? Array.from({ length: month.day }, () => 0n),
        provisionalMinor: entry?.provisional ?? 0n,
        daysInMonth: month.length,
      }),
    };
  });
}
