/**
 * Delivering alerts as signed webhooks: `POST` of the alert's JSON to the tenant's URL (checked
 * by the SSRF guard of `webhook-target.ts` before each batch and connected to at the address
 * that passed), signed
 * the way Zendesk signs the webhooks the backend receives (base64 HMAC-SHA256 of timestamp and
 * body, `webhook-signature.ts`). A 2xx answer delivers it; anything else is retried with
 * exponential backoff (10 s, doubling, at most an hour apart) up to MAX_ATTEMPTS, each attempt
 * logged in `alert_deliveries`. An alert is claimed before it is sent (its next attempt moved a
 * lease ahead in one UPDATE), so two instances never send it at the same time; an instance that
 * dies mid-send leaves it to be retried when the lease ends: at least once, with the alert's id
 * in every attempt for the receiver to drop a repeat.
 * @module
 */
import { and, eq, sql } from 'drizzle-orm';
import { signWebhook } from '../auth/webhook-signature.js';
import type { Db } from '../db/database.js';
import { alertDeliveries, budgetAlerts } from '../db/schema.js';
import { alertView } from './alerts.js';
import type { Destination } from './store.js';
import {
  checkWebhookTarget,
  type HostResolver,
  postPinned,
  type TargetPolicy,
  type WebhookTarget,
} from './webhook-target.js';

export const MAX_ATTEMPTS = 10;
export const FIRST_RETRY_MS = 10_000;
export const MAX_RETRY_MS = 3_600_000;
/** Longer than a send may take (its timeout), so a claim never lapses mid-send. */
const LEASE_MS = 60_000;
const SEND_TIMEOUT_MS = 10_000;
const BATCH = 20;

export const SIGNATURE_HEADER = 'x-aicm-signature';
export const TIMESTAMP_HEADER = 'x-aicm-signature-timestamp';
export const ALERT_ID_HEADER = 'x-aicm-alert-id';

/** The wait after the `attempt`-th failed attempt (1-based). */
export function retryDelayMs(attempt: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1));
}

type AlertRow = typeof budgetAlerts.$inferSelect;

async function claim(db: Db, tenantId: string, now: Date): Promise<AlertRow[]> {
  const until = new Date(now.getTime() + LEASE_MS);
  // One statement: a concurrent claim of the same row waits for this one, then finds its next
  // attempt in the future and leaves it.
  return db
    .update(budgetAlerts)
    .set({ nextAttemptAt: until, attempts: sql`${budgetAlerts.attempts} + 1` })
    .where(
      and(
        eq(budgetAlerts.tenantId, tenantId),
        sql`(${budgetAlerts.tenantId}, ${budgetAlerts.id}) IN (
          SELECT tenant_id, id FROM budget_alerts
          WHERE tenant_id = ${tenantId} AND delivery = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz
          ORDER BY next_attempt_at, id LIMIT ${BATCH})`,
        eq(budgetAlerts.delivery, 'pending'),
        sql`${budgetAlerts.nextAttemptAt} <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .returning();
}

export interface SendResult {
  readonly status: number | null;
  readonly error: string | null;
}

/** How a delivery reaches the tenant's URL: the guard's policy and the host resolver. */
export interface DeliveryGuard {
  readonly policy: TargetPolicy;
  readonly resolve: HostResolver;
}

async function send(
  destination: Destination,
  target: WebhookTarget,
  alertId: string,
  body: string,
  now: Date,
): Promise<SendResult> {
  const timestamp = now.toISOString();
  try {
    const { status } = await postPinned(
      target,
      {
        'content-type': 'application/json',
        'user-agent': 'ai-cost-meter',
        [SIGNATURE_HEADER]: signWebhook(destination.secret(), timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
        [ALERT_ID_HEADER]: alertId,
      },
      body,
      AbortSignal.timeout(SEND_TIMEOUT_MS),
    );
    return status >= 200 && status < 300
      ? { status, error: null }
      : { status, error: `answered ${status}` };
  } catch (error) {
    // The error's class and code only: a message could echo the URL's parts.
    const e = error as Error & { code?: unknown; cause?: { code?: unknown } };
    const raw = typeof e.code === 'string' ? e.code : e.cause?.code;
    const code = typeof raw === 'string' ? ` (${raw})` : '';
    return { status: null, error: `${e.name ?? 'Error'}${code}` };
  }
}

type Outcome = 'delivered' | 'retry' | 'refused';

/**
 * Sends the tenant's due alerts; answers how many were delivered. The destination is checked
 * once for the batch (its host resolved, every address judged) and each send connects to the
 * address that passed. A destination the guard refuses now (its DNS changed since it was set)
 * is logged as a refused attempt for each alert claimed, and those alerts are marked failed
 * at once: a retry would meet the same refusal, so none is scheduled.
 */
export async function deliverDue(
  db: Db,
  tenantId: string,
  account: string,
  destination: Destination,
  now: () => Date,
  guard: DeliveryGuard,
): Promise<number> {
  const claimed = await claim(db, tenantId, now());
  if (claimed.length === 0) return 0;
  const check = await checkWebhookTarget(destination.url, guard.policy, guard.resolve);
  let delivered = 0;
  for (const row of claimed) {
    const at = now();
    const result: SendResult = check.ok
      ? await send(
          destination,
          check.target,
          String(row.id),
          JSON.stringify(alertView(row, account)),
          at,
        )
      : { status: null, error: `refused: ${check.reason}` };
    const outcome: Outcome = !check.ok ? 'refused' : result.error === null ? 'delivered' : 'retry';
    await db.transaction(async (tx) => {
      await tx.insert(alertDeliveries).values({
        tenantId,
        alertId: row.id,
        attempt: row.attempts,
        attemptedAt: at,
        status: result.status,
        error: result.error,
      });
      await tx
        .update(budgetAlerts)
        .set(
          outcome === 'delivered'
            ? { delivery: 'delivered', deliveredAt: at, nextAttemptAt: null }
            : outcome === 'refused' || row.attempts >= MAX_ATTEMPTS
              ? { delivery: 'failed', nextAttemptAt: null }
              : { nextAttemptAt: new Date(at.getTime() + retryDelayMs(row.attempts)) },
        )
        .where(and(eq(budgetAlerts.tenantId, tenantId), eq(budgetAlerts.id, row.id)));
    });
    if (outcome === 'delivered') delivered += 1;
  }
  return delivered;
}

/** An alert's delivery attempts, oldest first. */
export async function deliveriesOf(db: Db, tenantId: string, alertId: number) {
  return db
    .select()
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.tenantId, tenantId), eq(alertDeliveries.alertId, alertId)))
    .orderBy(alertDeliveries.attempt);
}
