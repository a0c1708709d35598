/**
 * `POST /v1/webhooks/zendesk/:account`: Zendesk tells the backend a ticket changed, so tickets
 * that no agent opens still reach their outcome. Verified by signature and time window; a
 * delivery is accepted once.
 * @module
 */
import type { Hono } from 'hono';
import * as z from 'zod';
import {
  formatInstant,
  parseInstant,
  STATUSES,
  type TicketActivity,
} from '../../../pricing/index.js';
import { ticketIdSchema } from '../../../pricing/schema/activity.js';
import { checkWebhookSignature } from '../../auth/webhook-signature.js';
import { webhookDeliveries } from '../../db/schema.js';
import { readTicket, syncTicket } from '../../ledger/tickets.js';
import { accountSchema } from '../../tenants/store.js';
import { activityFromZendesk } from '../../zendesk/reader.js';
import type { Env, Services } from '../context.js';
import { ApiError, invalid, unauthorized } from '../errors.js';

/** The body the app's trigger sends (requirements.json), or an event-subscription payload. */
const ticketChangeSchema = z.union([
  z.object({
    ticket_id: z.union([ticketIdSchema, z.number().int().positive().transform(String)]),
    status: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(STATUSES)),
    updated_at: z.string().optional(),
  }),
  z.object({
    type: z.string(),
    time: z.string().optional(),
    detail: z.object({
      id: z.union([ticketIdSchema, z.number().int().positive().transform(String)]),
      status: z
        .string()
        .transform((s) => s.toLowerCase())
        .pipe(z.enum(STATUSES)),
    }),
  }),
]);

export function webhookRoutes(app: Hono<Env>, s: Services): void {
  app.post('/v1/webhooks/zendesk/:account', async (c) => {
    const account = accountSchema.safeParse(c.req.param('account'));
    if (!account.success) throw invalid(account.error, 'account');
    const tenant = await s.tenants.byAccount(account.data);
    // The same answer for an unknown account and a bad signature: nothing to probe.
    if (!tenant) throw unauthorized('webhook signature refused');
    const raw = await c.req.text();
    const signature = c.req.header('x-zendesk-webhook-signature');
    const check = checkWebhookSignature(
      tenant.webhookSecret(),
      signature,
      c.req.header('x-zendesk-webhook-signature-timestamp'),
      raw,
      s.now(),
    );
    if (!check.ok) throw unauthorized(`webhook signature refused: ${check.reason}`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
    }
    const parsed = ticketChangeSchema.safeParse(json);
    if (!parsed.success) throw invalid(parsed.error, '');
    const change =
      'detail' in parsed.data
        ? {
            ticketId: parsed.data.detail.id,
            status: parsed.data.detail.status,
            at: parsed.data.time,
          }
        : {
            ticketId: parsed.data.ticket_id,
            status: parsed.data.status,
            at: parsed.data.updated_at,
          };
    const now = s.now();
    const atMs = change.at ? parseInstant(change.at) : null;
    const at = formatInstant(atMs !== null && atMs <= now.getTime() ? atMs : now.getTime());
    const timeline = await s.plans.timeline(tenant.id);
    // With API access the whole ticket is read from Zendesk; without, the status change is added.
    let fromZendesk: TicketActivity | null = null;
    try {
      fromZendesk = await activityFromZendesk(
        tenant,
        s.config.ZENDESK_API_BASE,
        change.ticketId,
        [],
      );
    } catch (error) {
      s.log.log('warn', 'zendesk read failed; applying the status change only', {
        error: (error as Error).message,
      });
    }
    const applied = await s.database.db.transaction(async (tx) => {
      const first = await tx
        .insert(webhookDeliveries)
        .values({ tenantId: tenant.id, signature: signature! })
        .onConflictDoNothing()
        .returning();
      if (first.length === 0) return 'replay' as const;
      const current = await readTicket(tx, tenant.id, change.ticketId, timeline, now);
      if (fromZendesk && (current || fromZendesk.usage.length > 0)) {
        await syncTicket(
          tx,
          tenant.id,
          Math.max(current?.revision ?? 0, now.getTime()),
          fromZendesk,
          timeline,
          now,
        );
        return 'applied' as const;
      }
      // Only tickets the meter knows (with AI usage) are tracked; others are not our business.
      if (!current) return 'unknown' as const;
      const lastStatus = [...current.activity.lifecycle].reverse().find((e) => e.type === 'status');
      if (lastStatus?.type === 'status' && lastStatus.status === change.status)
        return 'unchanged' as const;
      const activity: TicketActivity = {
        ...current.activity,
        usage: [],
        lifecycle: [...current.activity.lifecycle, { at, type: 'status', status: change.status }],
      };
      await syncTicket(tx, tenant.id, current.revision, activity, timeline, now);
      return 'applied' as const;
    });
    if (applied === 'replay')
      throw new ApiError(409, 'replayed', 'this delivery was already accepted');
    s.metrics.inc('aicm_webhooks_total', 'Zendesk webhook deliveries accepted.', {
      result: applied,
    });
    return c.json({ result: applied });
  });
}
