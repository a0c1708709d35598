/**
 * `POST /v1/webhooks/zendesk/:account`: Zendesk tells the backend a ticket changed, so tickets
 * that no agent opens still reach their outcome. Verified by signature and time window; a
 * delivery is accepted once.
 * @module
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import * as z from 'zod';
import { webhookResultSchema } from '../../../api/schemas/operations.js';
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
import { postedUsage } from '../../ledger/usage.js';
import { activityFromZendesk } from '../../zendesk/reader.js';
import { INSTANT_RANGE_MESSAGE, instantOutOfRange } from '../bounds.js';
import { type Env, refuseUnstorable, type Services } from '../context.js';
import { jsonSchemaOf } from '../contract/documented.js';
import { accountParams } from '../contract/params.js';
import { json, REFUSALS } from '../contract/responses.js';
import { ApiError, invalid, unauthorized } from '../errors.js';

/** An instant Zendesk sends; one it could not mean (year 0000 or 10000) is refused. */
const changedAt = z
  .string()
  .refine((s) => instantOutOfRange(s) === null, { error: INSTANT_RANGE_MESSAGE })
  .optional();

/** The body the app's trigger sends (requirements.json), or an event-subscription payload. */
const ticketChangeSchema = z.union([
  z.object({
    ticket_id: z.union([ticketIdSchema, z.number().int().positive().transform(String)]),
    status: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(STATUSES)),
    updated_at: changedAt,
  }),
  z.object({
    type: z.string(),
    time: changedAt,
    detail: z.object({
      id: z.union([ticketIdSchema, z.number().int().positive().transform(String)]),
      status: z
        .string()
        .transform((s) => s.toLowerCase())
        .pipe(z.enum(STATUSES)),
    }),
  }),
]);

export function webhookRoutes(app: OpenAPIHono<Env>, s: Services): void {
  const delivery = createRoute({
    method: 'post',
    path: '/v1/webhooks/zendesk/{account}',
    tags: ['webhooks'],
    summary: 'A signed ticket change from Zendesk (HMAC-SHA256 over timestamp and body)',
    request: {
      params: accountParams,
      // Documented, not validated here: the body is checked after its signature, by hand,
      // since an unsigned body earns a 401 whatever it holds.
      body: {
        required: true,
        content: {
          'application/json': {
            schema: jsonSchemaOf(ticketChangeSchema),
          },
        },
      },
    },
    responses: {
      200: json(webhookResultSchema, 'Applied, unchanged, or a ticket the meter does not track'),
      400: REFUSALS[400],
      401: REFUSALS[401],
      409: REFUSALS[409],
      413: REFUSALS[413],
      429: REFUSALS[429],
      503: REFUSALS[503],
    },
  });
  app.openapi(delivery, async (c) => {
    const { account } = c.req.valid('param');
    const tenant = await s.tenants.byAccount(account);
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
    refuseUnstorable(json);
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
    // A replay is refused before anything is asked of Zendesk; the insert below still decides
    // between two copies of one delivery that arrive together.
    const [seen] = await s.database.db
      .select({ signature: webhookDeliveries.signature })
      .from(webhookDeliveries)
      .where(
        and(eq(webhookDeliveries.tenantId, tenant.id), eq(webhookDeliveries.signature, signature!)),
      );
    if (seen) throw new ApiError(409, 'replayed', 'this delivery was already accepted');
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
        await postedUsage(s.database.db, tenant.id, change.ticketId),
      );
    } catch (error) {
      s.log.log('warn', 'zendesk read failed; applying the status change only', {
        requestId: c.get('requestId'),
        error: (error as Error)?.name ?? 'unknown',
      });
    }
    const applied = await c.get('deadline').commit(() =>
      s.database.db.transaction(async (tx) => {
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
        const lastStatus = [...current.activity.lifecycle]
          .reverse()
          .find((e) => e.type === 'status');
        if (lastStatus?.type === 'status' && lastStatus.status === change.status)
          return 'unchanged' as const;
        const activity: TicketActivity = {
          ...current.activity,
          lifecycle: [...current.activity.lifecycle, { at, type: 'status', status: change.status }],
        };
        await syncTicket(tx, tenant.id, current.revision, activity, timeline, now, {
          keepUsage: true,
        });
        return 'applied' as const;
      }),
    );
    if (applied === 'replay')
      throw new ApiError(409, 'replayed', 'this delivery was already accepted');
    s.metrics.inc('aicm_webhooks_total', 'Zendesk webhook deliveries accepted.', {
      result: applied,
    });
    return c.json({ result: applied }, 200);
  });
}
