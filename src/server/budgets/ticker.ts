/**
 * The background work of budgets, beside the repricer: every few seconds, for each tenant with
 * budgets, undelivered alerts, alert tickets to file or a credits plan (its pool), bring its
 * ledger up to date, raise the alerts now due, deliver those waiting and file their internal
 * Zendesk tickets. One tenant at a time (its own reads and writes only, as the repricer does,
 * so each stays on one Citus shard), and one tenant's failure is logged and skips it alone.
 * @module
 */
import { sql } from 'drizzle-orm';
import { freshLedger, type Services } from '../http/context.js';
import { fileAlertTickets } from './alert-tickets.js';
import { raiseAlerts, raisePoolAlerts } from './alerts.js';
import { deliverDue } from './delivery.js';
import { poolOf } from './pool.js';
import { monthOf, standings } from './standing.js';

export interface TickResult {
  readonly raised: number;
  readonly delivered: number;
  /** Internal Zendesk tickets created for alerts. */
  readonly tickets: number;
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
  const full = await s.tenants.byAccount(tenant.account);
  // Where the tenant gave Zendesk API access, each new alert gets an internal ticket too.
  const ticket = full?.zendesk != null;
  let raised = 0;
  if (list.length > 0 || plan?.model === 'credits') {
    await freshLedger(s, tenant.id);
    const now = s.now();
    const month = monthOf(now, tenant.timeZone);
    const found = await standings(s.database.db, tenant.id, list, month);
    raised = (await raiseAlerts(s.database.db, tenant.id, found, month, now, ticket)).length;
    const pool = await poolOf(s.database.db, tenant.id, plan, month, tenant.timeZone);
    if (pool)
      raised += (await raisePoolAlerts(s.database.db, tenant.id, pool, month, now, ticket)).length;
  }
  const destination = await s.budgets.destination(tenant.id);
  const delivered = destination
    ? await deliverDue(s.database.db, tenant.id, tenant.account, destination, s.now, {
        policy: { allowLoopback: s.config.ALERT_WEBHOOK_ALLOW_LOOPBACK_HTTP },
        resolve: s.resolveHost,
      })
    : 0;
  const tickets = full
    ? await fileAlertTickets(s.database.db, full, s.config.ZENDESK_API_BASE, s.now)
    : 0;
  return { raised, delivered, tickets };
}

/** One pass over every tenant with budgets or alerts waiting. */
export async function budgetTick(s: Services): Promise<TickResult> {
  // A read across tenants without locks, as the repricer's look-up of dirty tickets.
  const tenants = (
    (await s.database.db.execute(
      sql`SELECT id, account, time_zone FROM tenants WHERE id IN (
            SELECT tenant_id FROM budgets
            UNION SELECT tenant_id FROM budget_alerts WHERE delivery = 'pending' OR ticket_state = 'pending'
            UNION SELECT tenant_id FROM plan_versions WHERE body->>'model' = 'credits')
          ORDER BY id`,
    )) as unknown as { rows: TenantRow[] }
  ).rows;
  let raised = 0;
  let delivered = 0;
  let tickets = 0;
  for (const t of tenants) {
    try {
      const r = await tickTenant(s, { id: t.id, account: t.account, timeZone: t.time_zone });
      raised += r.raised;
      delivered += r.delivered;
      tickets += r.tickets;
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
  if (tickets > 0)
    s.metrics.inc(
      'aicm_budget_alert_tickets_total',
      'Internal Zendesk tickets created for alerts.',
      {},
      tickets,
    );
  return { raised, delivered, tickets };
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
