/**
 * Plans: the active one, every saved version (immutable, numbered), previews of a draft beside
 * the active plan on this account's recent tickets, and activation, which Zendesk authorises.
 * @module
 */
import type { Hono } from 'hono';
import { comparePlans, type Plan, PricingInputError, parsePlan } from '../../../pricing/index.js';
import { verifyAppToken } from '../../auth/app-token.js';
import { activitiesBetween, MAX_REPLAY_TICKETS } from '../../ledger/activities.js';
import { zendeskApprovesPlan } from '../../plans/zendesk-authority.js';
import { type Env, freshLedger, jsonBody, limit, type Services } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { activationSchema, planBodySchema, previewSchema } from '../schemas.js';

const DAY_MS = 86_400_000;
const ACTIVATION_GRACE_MS = 60_000;

function planFrom(input: unknown, field = 'plan'): Plan {
  try {
    // A draft may leave the version out: saving numbers it.
    const body =
      input && typeof input === 'object' && !('version' in input)
        ? { ...input, version: 1 }
        : input;
    return parsePlan(body);
  } catch (error) {
    if (error instanceof PricingInputError) {
      const first = error.issues[0];
      const path = first?.field ? `${field}.${first.field}` : field;
      throw new ApiError(400, 'invalid_plan', `${path}: ${first?.message ?? 'invalid plan'}`, path);
    }
    throw error;
  }
}

/** A comparison without its per-ticket breakdowns: the page shows summaries, not 100,000 rows. */
function summaries(comparison: ReturnType<typeof comparePlans>) {
  return { ...comparison, plans: comparison.plans.map(({ breakdowns: _, ...rest }) => rest) };
}

export function planRoutes(app: Hono<Env>, s: Services): void {
  const tenantOf = async (authorization: string | undefined) =>
    verifyAppToken(authorization, s.tenants, s.now());

  app.get('/v1/plans/active', async (c) => {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    const plan = await s.plans.active(tenant.id, s.now());
    if (!plan) throw notFound('no plan is active for this account yet');
    return c.json({ plan });
  });

  /** The account's activations as the timeline the ledger prices over (spec section 8). */
  app.get('/v1/plans/timeline', async (c) => {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    const activations = await s.plans.activations(tenant.id);
    if (activations.length === 0) throw notFound('no plan is active for this account yet');
    return c.json({
      timeline: activations.map((a) => ({
        effectiveAt: a.effectiveAt.toISOString(),
        plan: a.plan,
      })),
    });
  });

  app.get('/v1/plans', async (c) => {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    const [versions, activations, active] = await Promise.all([
      s.plans.list(tenant.id),
      s.plans.history(tenant.id, s.now()),
      s.plans.active(tenant.id, s.now()),
    ]);
    return c.json({
      active: active ? { id: active.id, version: active.version } : null,
      versions,
      activations,
    });
  });

  app.post('/v1/plans', async (c) => {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    const { plan } = await jsonBody(c, planBodySchema);
    const { plan: saved, created } = await s.plans.save(tenant.id, planFrom(plan));
    // An unchanged plan is not a new version: the latest one answers, as it is.
    return c.json({ plan: saved, created }, created ? 201 : 200);
  });

  app.post('/v1/plans/preview', async (c) => {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    const { plan, days } = await jsonBody(c, previewSchema);
    const draft = planFrom(plan);
    const now = s.now();
    const active = await s.plans.active(tenant.id, now);
    if (active && active.currency !== draft.currency) {
      throw new ApiError(
        400,
        'invalid_plan',
        `plan.currency: the active plan is in ${active.currency}`,
        'plan.currency',
      );
    }
    await freshLedger(s, tenant.id);
    const activities = await activitiesBetween(
      s.database.db,
      tenant.id,
      new Date(now.getTime() - days * DAY_MS),
      now,
    );
    if (activities.length > MAX_REPLAY_TICKETS)
      throw new ApiError(422, 'too_many_tickets', 'preview a shorter period');
    const plans = active ? [active, draft] : [draft];
    return c.json({
      days,
      ...summaries(comparePlans(plans, activities, { asOf: now, timeZone: tenant.timeZone })),
    });
  });

  app.post('/v1/plans/:planId/versions/:version/activate', async (c) => {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    const planId = c.req.param('planId');
    const version = Number(c.req.param('version'));
    const { effectiveFrom, activatedBy } = await jsonBody(c, activationSchema);
    if (!Number.isInteger(version) || version < 1)
      throw new ApiError(400, 'invalid_request', 'version: expected a positive integer', 'version');
    const plan = await s.plans.version(tenant.id, planId, version);
    if (!plan) throw notFound(`plan ${planId} has no version ${version}`);
    // The browser's word is not enough: Zendesk must show that an admin selected this plan.
    const check = await zendeskApprovesPlan(tenant, s.config.ZENDESK_API_BASE, planId, version);
    if (!check.ok)
      throw new ApiError(403, `activation_${check.reason}`, `activation refused: ${check.detail}`);
    const now = s.now();
    let from = effectiveFrom ? new Date(effectiveFrom) : now;
    // History is priced under the plan that was in force: a change rates what happens from its
    // instant on, never the past. A minute of grace absorbs the browser's clock.
    if (from.getTime() < now.getTime() - ACTIVATION_GRACE_MS) {
      throw new ApiError(
        400,
        'invalid_request',
        'effectiveFrom: an activation takes effect now or later, not in the past',
        'effectiveFrom',
      );
    }
    if (from < now) from = now;
    await s.plans.activate(tenant.id, planId, version, from, activatedBy ?? 'zendesk admin', true);
    return c.json({ active: { id: planId, version }, effectiveFrom: from.toISOString() });
  });
}
