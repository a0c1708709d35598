/**
 * The background work of budgets, beside the repricer: every few seconds, for each tenant with
 * budgets, undelivered alerts or a credits plan (its pool), bring its ledger up to date, raise the alerts now due and
 * deliver those waiting. One tenant at a time (its own reads and writes only, as the repricer
 * does, so each stays on one Citus shard), and one tenant's failure is logged and skips it
 * alone.
 * @module
 */
import { sql } from 'drizzle-orm';
import { freshLedger, type Services } from '../http/context.js';
import { raiseAlerts, raisePoolAlerts } from './alerts.js';
import { deliverDue } from './delivery.js';
import { poolOf } from './pool.js';
import { monthOf, standings } from './standing.js';

export interface TickResult {
  readonly raised: number;
  readonly delivered: number;
}

interface TenantRow {
  id: string;
  account: string;
  time_zone: string;
}

/** Raises and delivers the alerts of one tenant. */
export async function tickTenant(
  s: Services,
  tenant: { id: string; account: string; timeZone: string },
): Promise<TickResult> {
  const [list, plan] = await Promise.all([
    s.budgets.list(tenant.id),
    s.plans.active(tenant.id, s.now()),
  ]);
  let raised = 0;
  if (list.length > 0 || plan?.model === 'credits') {
    await freshLedger(s, tenant.id);
    const now = s.now();
    const month = monthOf(now, tenant.timeZone);
    const found = await standings(s.database.db, tenant.id, list, month);
    raised = (await raiseAlerts(s.database.db, tenant.id, found, month, now)).length;
    const pool = await poolOf(s.database.db, tenant.id, plan, month, tenant.timeZone);
    if (pool) raised += (await raisePoolAlerts(s.database.db, tenant.id, pool, month, now)).length;
  }
  const destination = await s.budgets.destination(tenant.id);
  const delivered = destination
    ? await deliverDue(s.database.db, tenant.id, tenant.account, destination, s.now, {
        policy: { allowLoopback: s.config.ALERT_WEBHOOK_ALLOW_LOOPBACK_HTTP },
        resolve: s.resolveHost,
      })
    : 0;
  return { raised, delivered };
}

/** One pass over every tenant with budgets or alerts waiting. */
export async function budgetTick(s: Services): Promise<TickResult> {
  // A read across tenants without locks, as the repricer's look-up of dirty tickets.
  const tenants = (
    (await s.database.db.execute(
      sql`SELECT id, account, time_zone FROM tenants WHERE id IN (
            SELECT tenant_id FROM budgets
            UNION SELECT tenant_id FROM budget_alerts WHERE delivery = 'pending'
            UNION SELECT tenant_id FROM plan_versions WHERE body->>'model' = 'credits')
          ORDER BY id`,
    )) as unknown as { rows: TenantRow[] }
  ).rows;
  let raised = 0;
  let delivered = 0;
  for (const t of tenants) {
    try {
      const r = await tickTenant(s, { id: t.id, account: t.account, timeZone: t.time_zone });
      raised += r.raised;
      delivered += r.delivered;
    } catch (error) {
      s.log.log('error', 'budget alerts of a tenant failed', {
        tenant: t.id,
        error: (error as Error)?.name ?? 'unknown',
      });
    }
  }
  if (raised > 0) s.metrics.inc('aicm_budget_alerts_total', 'Budget alerts raised.', {}, raised);
  if (delivered > 0)
    s.metrics.inc('aicm_budget_alerts_delivered_total', 'Budget alerts delivered.', {}, delivered);
  return { raised, delivered };
}

/** Runs {@link budgetTick} every `everyMs` until stopped; a pass never overlaps the next. */
export function startBudgetTicker(s: Services, everyMs = 5_000) {
  let running: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = budgetTick(s)
      .then(() => undefined)
      .catch((error: Error) => s.log.log('error', 'budget tick failed', { error: error.name }))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
