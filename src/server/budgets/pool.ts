/**
 * The credit pool of a tenant whose plan in force is a credits plan (issue 14): its size is
 * the plan's `prepaidCredits`, and what is used this month is read from the ledger's priced
 * lines, the credits a ticket burned being its `credits_prepaid` and `credits_overage` lines'
 * quantities (the ledger prices each ticket alone against a whole pool, so the two together
 * are every credit it burned). A ticket counts on the day it counts for budgets and reports:
 * its outcome's decision or, while undecided, its first AI usage, in the tenant's time zone.
 * Credits are summed exactly in millionths (the lines' quantities carry at most six decimals).
 * @module
 */
import { sql } from 'drizzle-orm';
import type { CreditPoolView } from '../../api/budgets.js';
import { type PoolStanding, poolStanding } from '../../pricing/budget/credit-pool.js';
import type { Plan } from '../../pricing/index.js';
import { formatFixed, formatPlain, parseDecimal } from '../../pricing/money/decimal.js';
import { dayIn } from '../../pricing/report/grouping.js';
import { monthBounds } from '../../pricing/time.js';
import type { Db } from '../db/database.js';
import type { Month } from './standing.js';

/** Credits are counted in millionths: every line's quantity is a whole number of them. */
const SCALE = 6;
const CREDIT_LINES = ['credits_prepaid', 'credits_overage'];

/** A decimal count of credits in millionths; a quantity past six decimals is cut to six. */
export function microCredits(text: string): bigint {
  const d = parseDecimal(text);
  return d.scale <= SCALE
    ? d.units * 10n ** BigInt(SCALE - d.scale)
    : d.units / 10n ** BigInt(d.scale - SCALE);
}

/** Millionths of credits as the API writes credits: a plain decimal ("160", "12.5"). */
export function creditText(units: bigint): string {
  return formatPlain(parseDecimal(formatFixed(units, SCALE)));
}

export interface Pool {
  /** The credits plan in force, `id@version`. */
  readonly plan: string;
  readonly standing: PoolStanding;
}

interface Row {
  at: string;
  quantity: string;
}

/** The pool this month, or null when the plan in force is not a credits plan. */
export async function poolOf(
  db: Db,
  tenantId: string,
  plan: Plan | null,
  month: Month,
  timeZone: string,
): Promise<Pool | null> {
  if (plan?.model !== 'credits') return null;
  const poolUnits = microCredits(String(plan.prepaidCredits));
  if (poolUnits <= 0n) return null;
  const { start, end } = monthBounds(month.period, timeZone);
  const rows = (
    (await db.execute(
      sql`SELECT (extract(epoch FROM coalesce(t.decided_at, t.first_usage_at)) * 1000)::bigint::text AS at,
            l->>'quantity' AS quantity
          FROM tickets t, jsonb_array_elements(coalesce(t.breakdown->'lines', '[]'::jsonb)) l
          WHERE t.tenant_id = ${tenantId}
            AND coalesce(t.decided_at, t.first_usage_at) >= ${new Date(start).toISOString()}::timestamptz
            AND coalesce(t.decided_at, t.first_usage_at) < ${new Date(end).toISOString()}::timestamptz
            AND l->>'code' IN (${sql.join(
              CREDIT_LINES.map((c) => sql`${c}`),
              sql`, `,
            )})`,
    )) as unknown as { rows: Row[] }
  ).rows;
  const dailyUnits = Array.from({ length: month.day }, () => 0n);
  for (const row of rows) {
    const day = dayIn(new Date(Number(row.at)), timeZone);
    // Only the days up to today: a ticket dated later in the month has not counted yet.
    if (day > month.today) continue;
    dailyUnits[Number(day.slice(8)) - 1]! += microCredits(row.quantity);
  }
  return {
    plan: `${plan.id}@${plan.version}`,
    standing: poolStanding({ poolUnits, dailyUnits, daysInMonth: month.length }),
  };
}

/** The pool as `GET /v1/budgets` answers it. */
export function poolView(pool: Pool, month: Month): CreditPoolView {
  const s = pool.standing;
  const day = s.exhaustsOnDay;
  return {
    plan: pool.plan,
    credits: creditText(s.poolUnits),
    used: creditText(s.usedUnits),
    remaining: creditText(s.remainingUnits),
    percentDrained: s.percentDrained,
    reached: [...s.reached],
    exhaustsOn: day === null ? null : `${month.period}-${String(day).padStart(2, '0')}`,
    exhausted: s.exhausted,
  };
}
