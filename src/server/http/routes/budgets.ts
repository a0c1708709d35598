/**
 * Budgets and alerts (issue 14): each budget's standing this month with its forecast, the
 * month's alerts and their delivery, and the admin's changes (budgets, the alert webhook),
 * which Zendesk authorises: the installation's hidden `budget_change` setting must hold the
 * change's digest (src/api/budgets.ts), which only an admin can have written there.
 * @module
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  type BudgetsAnswer,
  type BudgetView,
  changeDigest,
  type ForecastView,
} from '../../../api/budgets.js';
import {
  alertsAnswerSchema,
  budgetsAnswerSchema,
  destinationAnswerSchema,
} from '../../../api/schemas/budgets.js';
import { formatAmount, money } from '../../../pricing/index.js';
import { newSecret } from '../../auth/secrets.js';
import { listAlerts } from '../../budgets/alerts.js';
import {
  alertsQuerySchema,
  budgetRows,
  budgetsBodySchema,
  destinationBodySchema,
} from '../../budgets/input.js';
import { poolOf, poolView } from '../../budgets/pool.js';
import { monthOf, type Standing, standings } from '../../budgets/standing.js';
import { checkWebhookTarget } from '../../budgets/webhook-target.js';
import { zendeskSettingIs } from '../../plans/zendesk-authority.js';
import type { Tenant } from '../../tenants/store.js';
import { type Env, freshLedger, type Services } from '../context.js';
import { APP_JWT, json, jsonBody, refusals } from '../contract/responses.js';
import { ApiError } from '../errors.js';
import { appToken } from '../middleware/auth.js';
import { jsonInput, queryInput } from '../middleware/input.js';

function budgetView(b: Standing): BudgetView {
  const amount = (minor: bigint) => formatAmount(money(minor, b.currency));
  const f = b.standing.forecast;
  const forecast: ForecastView | null = f && {
    method: f.method,
    basisDays: f.basisDays,
    projectedDays: f.projectedDays,
    expected: amount(f.expectedMinor),
    low: amount(f.lowMinor),
    high: amount(f.highMinor),
    exceeds: f.exceeds,
  };
  return {
    scope: b.scope,
    value: b.value,
    amount: amount(b.amountMinor),
    confirmed: amount(b.standing.confirmedMinor),
    provisional: amount(b.standing.provisionalMinor),
    percentUsed: b.standing.percentUsed,
    reached: b.standing.reached,
    forecast,
  };
}

export function budgetRoutes(app: OpenAPIHono<Env>, s: Services): void {
  const caller = { tags: ['budgets'], security: APP_JWT };

  /** The browser's word is not enough: Zendesk must show the admin's digest of this change. */
  async function authorised(tenant: Tenant, kind: 'budgets' | 'alert-destination', body: unknown) {
    const digest = await changeDigest(kind, body);
    const check = await zendeskSettingIs(
      tenant,
      s.config.ZENDESK_API_BASE,
      'budget_change',
      digest,
    );
    if (!check.ok)
      throw new ApiError(403, `budget_change_${check.reason}`, `change refused: ${check.detail}`);
  }

  async function answer(tenant: Tenant): Promise<BudgetsAnswer> {
    const month = monthOf(s.now(), tenant.timeZone);
    const [list, destination, plan] = await Promise.all([
      s.budgets.list(tenant.id),
      s.budgets.destination(tenant.id),
      s.plans.active(tenant.id, s.now()),
    ]);
    const found = await standings(s.database.db, tenant.id, list, month);
    const pool = await poolOf(s.database.db, tenant.id, plan, month, tenant.timeZone);
    return {
      period: month.period,
      daysInMonth: month.length,
      today: month.day,
      currency: list[0]?.currency ?? null,
      budgets: found.map(budgetView),
      destination: destination && { url: destination.url },
      creditPool: pool && poolView(pool, month),
    };
  }

  const read = createRoute({
    ...caller,
    method: 'get',
    path: '/v1/budgets',
    summary:
      'This month’s budgets, each with its spend, the thresholds reached and the forecast, and the credit pool',
    middleware: [appToken(s)] as const,
    responses: { 200: json(budgetsAnswerSchema, 'The month’s standing'), ...refusals() },
  });
  app.openapi(read, async (c) => {
    const tenant = c.get('tenant');
    await freshLedger(s, tenant.id, c.get('deadline').signal);
    return c.json(await answer(tenant), 200);
  });

  const replace = createRoute({
    ...caller,
    method: 'put',
    path: '/v1/budgets',
    summary:
      'Replace the budgets, if Zendesk shows the change’s digest in the budget_change setting an admin sets',
    middleware: [appToken(s), jsonInput] as const,
    request: { body: jsonBody(budgetsBodySchema) },
    responses: {
      200: json(budgetsAnswerSchema, 'Replaced; the month’s standing under them'),
      ...refusals(403, 415),
    },
  });
  app.openapi(replace, async (c) => {
    const tenant = c.get('tenant');
    const body = c.req.valid('json');
    await authorised(tenant, 'budgets', body);
    await c.get('deadline').commit(() => s.budgets.replace(tenant.id, budgetRows(body), s.now()));
    await freshLedger(s, tenant.id, c.get('deadline').signal);
    return c.json(await answer(tenant), 200);
  });

  const destination = createRoute({
    ...caller,
    method: 'put',
    path: '/v1/alerts/destination',
    summary:
      'Set where alerts go, if Zendesk shows the change’s digest; answers the signing secret, once',
    middleware: [appToken(s), jsonInput] as const,
    request: { body: jsonBody(destinationBodySchema) },
    responses: {
      200: json(destinationAnswerSchema, 'Set; the secret alerts are signed with, shown this once'),
      ...refusals(403, 415),
    },
  });
  /** Sets where alerts go; mints the secret they are signed with and shows it this once. */
  app.openapi(destination, async (c) => {
    const tenant = c.get('tenant');
    const body = c.req.valid('json');
    await authorised(tenant, 'alert-destination', body);
    // The SSRF guard, as the admin sets it (and again before each delivery: DNS can change).
    const check = await checkWebhookTarget(
      body.url,
      { allowLoopback: s.config.ALERT_WEBHOOK_ALLOW_LOOPBACK_HTTP },
      s.resolveHost,
    );
    if (!check.ok) throw new ApiError(400, 'invalid_request', `url: ${check.reason}`, 'url');
    const secret = newSecret('al');
    await c
      .get('deadline')
      .commit(() => s.budgets.setDestination(tenant.id, body.url, secret, s.now()));
    return c.json({ url: body.url, secret }, 200);
  });

  const alerts = createRoute({
    ...caller,
    method: 'get',
    path: '/v1/alerts',
    summary: 'The alerts raised (a month’s, or the latest), each with its delivery',
    middleware: [appToken(s), queryInput] as const,
    request: { query: alertsQuerySchema },
    responses: { 200: json(alertsAnswerSchema, 'The alerts, newest first'), ...refusals() },
  });
  app.openapi(alerts, async (c) => {
    const tenant = c.get('tenant');
    const { period } = c.req.valid('query');
    return c.json(
      { alerts: await listAlerts(s.database.db, tenant.id, tenant.account, period ?? null) },
      200,
    );
  });
}
