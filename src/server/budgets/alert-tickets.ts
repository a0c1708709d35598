/**
 * An internal Zendesk ticket per alert, where the tenant gave the backend Zendesk API access
 * (`ai-cost tenant zendesk`): `POST /api/v2/tickets.json` with the alert in a private comment
 * (`public: false`, seen by agents only) and the tag `aicm_budget_alert`, with the tenant's
 * own credentials. An alert raised while the access is configured is marked to have a ticket
 * (`ticket_state` 'pending'), and one ticket is created for it, once:
 *
 * - an alert is claimed before its ticket is requested (its next attempt moved a lease ahead in
 *   one UPDATE, as deliveries are), so two instances never request it at the same time;
 * - every request for it carries the same `Idempotency-Key` (the tenant and the alert's id),
 *   so a request repeated after an instance died mid-request, or after an answer was lost,
 *   gets the ticket the first one created (Zendesk keeps keys two hours, and a retry comes
 *   within minutes);
 * - a failed request is retried with the deliveries' backoff, up to their number of attempts.
 * @module
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { budgetAlerts } from '../db/schema.js';
import type { Tenant } from '../tenants/store.js';
import { alertView } from './alerts.js';
import { MAX_ATTEMPTS, retryDelayMs } from './delivery.js';

const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
const BATCH = 20;
export const ALERT_TICKET_TAG = 'aicm_budget_alert';

type AlertRow = typeof budgetAlerts.$inferSelect;

async function claim(db: Db, tenantId: string, now: Date): Promise<AlertRow[]> {
  const until = new Date(now.getTime() + LEASE_MS);
  return db
    .update(budgetAlerts)
    .set({ ticketNextAt: until, ticketAttempts: sql`${budgetAlerts.ticketAttempts} + 1` })
    .where(
      and(
        eq(budgetAlerts.tenantId, tenantId),
        sql`(${budgetAlerts.tenantId}, ${budgetAlerts.id}) IN (
          SELECT tenant_id, id FROM budget_alerts
          WHERE tenant_id = ${tenantId} AND ticket_state = 'pending' AND ticket_next_at <= ${now.toISOString()}::timestamptz
          ORDER BY ticket_next_at, id LIMIT ${BATCH})`,
        eq(budgetAlerts.ticketState, 'pending'),
        sql`${budgetAlerts.ticketNextAt} <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .returning();
}

/** The ticket's subject and private comment: what the alert says, for the account's agents. */
export function alertTicket(row: AlertRow, account: string) {
  const a = alertView(row, account);
  const what =
    a.type === 'credits.pool_drained'
      ? `the credit pool is ${a.threshold} % drained (${a.spent} of ${a.budget} credits)`
      : a.type === 'budget.forecast_exceeded'
        ? `the forecast (${a.forecast}) passes the budget of ${a.budget} ${a.currency}`
        : `${a.threshold} % of the budget reached (${a.spent} of ${a.budget} ${a.currency})`;
  const scope = a.scope === 'account' || a.scope === 'pool' ? a.scope : `${a.scope} ${a.value}`;
  return {
    ticket: {
      subject: `AI Cost Meter alert, ${a.period}: ${scope}`,
      comment: {
        body: `AI Cost Meter raised an alert for ${a.period} (${scope}): ${what}. Alert ${a.id}, raised ${a.raisedAt}.`,
        public: false,
      },
      tags: [ALERT_TICKET_TAG],
    },
  };
}

/** Asks Zendesk for the ticket; answers its id, or null when it must be asked again. */
async function request(
  tenant: Tenant,
  apiBase: string,
  row: AlertRow,
  fetchImpl: typeof fetch,
): Promise<number | null> {
  const zendesk = tenant.zendesk!;
  const url = `${apiBase.replace('{account}', tenant.account)}/api/v2/tickets.json`;
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(zendesk.basicAuth()).toString('base64')}`,
        'content-type': 'application/json',
        accept: 'application/json',
        'idempotency-key': `aicm-alert-${tenant.id}-${row.id}`,
      },
      body: JSON.stringify(alertTicket(row, tenant.account)),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return null;
    }
    const answer = (await response.json().catch(() => null)) as { ticket?: { id?: unknown } };
    const id = answer?.ticket?.id;
    return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
  } catch {
    return null;
  }
}

/** Creates the tenant's due alert tickets; answers how many were created. */
export async function fileAlertTickets(
  db: Db,
  tenant: Tenant,
  apiBase: string,
  now: () => Date,
  fetchImpl: typeof fetch = fetch,
): Promise<number> {
  if (!tenant.zendesk) return 0;
  let created = 0;
  for (const row of await claim(db, tenant.id, now())) {
    const ticketId = await request(tenant, apiBase, row, fetchImpl);
    const at = now();
    await db
      .update(budgetAlerts)
      .set(
        ticketId !== null
          ? { ticketState: 'created', ticketId, ticketNextAt: null }
          : row.ticketAttempts >= MAX_ATTEMPTS
            ? { ticketState: 'failed', ticketNextAt: null }
            : { ticketNextAt: new Date(at.getTime() + retryDelayMs(row.ticketAttempts)) },
      )
      .where(and(eq(budgetAlerts.tenantId, tenant.id), eq(budgetAlerts.id, row.id)));
    if (ticketId !== null) created += 1;
  }
  return created;
}
