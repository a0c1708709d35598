/**
 * Plans: the active one, every saved version (immutable, numbered), previews of a draft beside
 * the active plan on this account's recent tickets, and activation, which Zendesk authorises.
 * @module
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  activatedSchema,
  activePlanSchema,
  planListSchema,
  previewSchema as previewAnswerSchema,
  savedPlanSchema,
  timelineAnswerSchema,
} from '../../../api/schemas/plans.js';
import { type Plan, PricingInputError, parsePlan } from '../../../pricing/index.js';
import { activitiesBetween, MAX_REPLAY_TICKETS } from '../../ledger/activities.js';
import { zendeskApprovesPlan } from '../../plans/zendesk-authority.js';
import type { runReplay } from '../../replay/replays.js';
import { type Env, freshLedger, type Services } from '../context.js';
import { planVersionParams } from '../contract/params.js';
import { APP_JWT, json, jsonBody, refusals } from '../contract/responses.js';
import { ApiError, notFound } from '../errors.js';
import { appToken } from '../middleware/auth.js';
import { jsonInput } from '../middleware/input.js';
import { activationSchema, planBodySchema, previewSchema } from '../schemas.js';

const DAY_MS = 86_400_000;

/** What a preview's replay answers (a comparison's summaries, without their rows). */
type PreviewReplay = Extract<ReturnType<typeof runReplay>, { asOf: string }>;
const ACTIVATION_GRACE_MS = 60_000;

/** A plan's body checked by the core's schema; a 400 names the field of the first issue. */
export function planFrom(input: unknown, field = 'plan'): Plan {
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

export function planRoutes(app: OpenAPIHono<Env>, s: Services): void {
  const caller = { tags: ['plans'], security: APP_JWT };

  const active = createRoute({
    ...caller,
    method: 'get',
    path: '/v1/plans/active',
    summary: 'The plan in force now',
    middleware: [appToken(s)] as const,
    responses: { 200: json(activePlanSchema, 'The active plan'), ...refusals(404) },
  });
  app.openapi(active, async (c) => {
    const plan = await s.plans.active(c.get('tenant').id, s.now());
    if (!plan) throw notFound('no plan is active for this account yet');
    return c.json({ plan }, 200);
  });

  /** The account's activations as the timeline the ledger prices over (spec section 8). */
  const timeline = createRoute({
    ...caller,
    method: 'get',
    path: '/v1/plans/timeline',
    summary: 'The activations in order: the plans in force over time',
    middleware: [appToken(s)] as const,
    responses: { 200: json(timelineAnswerSchema, 'The timeline'), ...refusals(404) },
  });
  app.openapi(timeline, async (c) => {
    const activations = await s.plans.activations(c.get('tenant').id);
    if (activations.length === 0) throw notFound('no plan is active for this account yet');
    return c.json(
      {
        timeline: activations.map((a) => ({
          effectiveAt: a.effectiveAt.toISOString(),
          plan: a.plan,
        })),
      },
      200,
    );
  });

  const list = createRoute({
    ...caller,
    method: 'get',
    path: '/v1/plans',
    summary: 'Every version and every activation',
    middleware: [appToken(s)] as const,
    responses: { 200: json(planListSchema, 'Versions and activations'), ...refusals() },
  });
  app.openapi(list, async (c) => {
    const tenant = c.get('tenant');
    const [versions, activations, active] = await Promise.all([
      s.plans.list(tenant.id),
      s.plans.history(tenant.id, s.now()),
      s.plans.active(tenant.id, s.now()),
    ]);
    return c.json(
      {
        active: active ? { id: active.id, version: active.version } : null,
        versions,
        activations,
      },
      200,
    );
  });

  const save = createRoute({
    ...caller,
    method: 'post',
    path: '/v1/plans',
    summary: 'Save a plan as its next version; unchanged terms make no new version',
    middleware: [appToken(s), jsonInput] as const,
    request: { body: jsonBody(planBodySchema) },
    responses: {
      200: json(savedPlanSchema, 'Unchanged: the latest version, as it is'),
      201: json(savedPlanSchema, 'Saved as a new version'),
      ...refusals(415),
    },
  });
  app.openapi(save, async (c) => {
    const draft = planFrom(c.req.valid('json').plan);
    // Committed, then answered: never a 503 for a version that was saved.
    const { plan, created } = await c
      .get('deadline')
      .commit(() => s.plans.save(c.get('tenant').id, draft));
    // An unchanged plan is not a new version: the latest one answers, as it is.
    return created ? c.json({ plan, created }, 201) : c.json({ plan, created }, 200);
  });

  const preview = createRoute({
    ...caller,
    method: 'post',
    path: '/v1/plans/preview',
    summary: 'A draft beside the active plan over the last N days of this account’s tickets',
    middleware: [appToken(s), jsonInput] as const,
    request: { body: jsonBody(previewSchema) },
    responses: {
      200: json(previewAnswerSchema, 'Draft beside active'),
      ...refusals(415, 422),
    },
  });
  app.openapi(preview, async (c) => {
    const tenant = c.get('tenant');
    const { plan, days } = c.req.valid('json');
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
    await freshLedger(s, tenant.id, c.get('deadline').signal);
    const activities = await activitiesBetween(
      s.database.db,
      tenant.id,
      new Date(now.getTime() - days * DAY_MS),
      now,
    );
    if (activities.length > MAX_REPLAY_TICKETS)
      throw new ApiError(422, 'too_many_tickets', 'preview a shorter period');
    const plans = active ? [active, draft] : [draft];
    // In the replay worker: off the event loop, and stopped at the request's deadline.
    const replay = await s.replays.run(
      { kind: 'preview', plans, activities, asOf: now, timeZone: tenant.timeZone },
      c.get('deadline').signal,
    );
    return c.json({ days, ...(replay as PreviewReplay) }, 200);
  });

  const activate = createRoute({
    ...caller,
    method: 'post',
    path: '/v1/plans/{planId}/versions/{version}/activate',
    summary:
      'Activate a version, now or from a later instant, if Zendesk shows an admin selected it',
    middleware: [appToken(s), jsonInput] as const,
    request: { params: planVersionParams, body: jsonBody(activationSchema) },
    responses: { 200: json(activatedSchema, 'Activated'), ...refusals(403, 404, 415) },
  });
  app.openapi(activate, async (c) => {
    const tenant = c.get('tenant');
    const { planId, version } = c.req.valid('param');
    const { effectiveFrom } = c.req.valid('json');
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
    await c.get('deadline').commit(() =>
      s.plans.activate(
        tenant.id,
        planId,
        version,
        from,
        // What Zendesk vouches for: an admin of the account set the installation's setting.
        `a Zendesk admin (installation ${tenant.zendesk!.installationId}'s active_plan setting)`,
        true,
      ),
    );
    return c.json({ active: { id: planId, version }, effectiveFrom: from.toISOString() }, 200);
  });
}
