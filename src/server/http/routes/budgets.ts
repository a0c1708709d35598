/**
 * Budgets and alerts (issue 14): each budget's standing this month with its forecast, the
 * month's alerts and their delivery, and the admin's changes (budgets, the alert webhook),
 * which Zendesk authorises: the installation's hidden `budget_change` setting must hold the
 * change's digest (src/api/budgets.ts), which only an admin can have written there.
 * @module
 */
import type { Hono } from 'hono';
import {
  type BudgetsAnswer,
  type BudgetView,
  changeDigest,
  type ForecastView,
} from '../../../api/budgets.js';
import { formatAmount, money } from '../../../pricing/index.js';
import { verifyAppToken } from '../../auth/app-token.js';
import { newSecret } from '../../auth/secrets.js';
import { listAlerts } from '../../budgets/alerts.js';
import {
  alertsQuerySchema,
  budgetRows,
  budgetsBodySchema,
  destinationBodySchema,
} from '../../budgets/input.js';
import { monthOf, type Standing, standings } from '../../budgets/standing.js';
import { zendeskSettingIs } from '../../plans/zendesk-authority.js';
import type { Tenant } from '../../tenants/store.js';
import { type Env, freshLedger, jsonBody, limit, query, type Services } from '../context.js';
import { ApiError } from '../errors.js';

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

export function budgetRoutes(app: Hono<Env>, s: Services): void {
  const tenantOf = (authorization: string | undefined) =>
    verifyAppToken(authorization, s.tenants, s.now());

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
    const [list, destination] = await Promise.all([
      s.budgets.list(tenant.id),
      s.budgets.destination(tenant.id),
    ]);
    const found = await standings(s.database.db, tenant.id, list, month);
    return {
      period: month.period,
      daysInMonth: month.length,
      today: month.day,
      currency: list[0]?.currency ?? null,
      budgets: found.map(budgetView),
      destination: destination && { url: destination.url },
    };
  }

  app.get('/v1/budgets', async (c) => {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    await freshLedger(s, tenant.id, c.get('deadline').signal);
    return c.json(await answer(tenant));
  });

  app.put('/v1/budgets', async (c) => {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    const body = await jsonBody(c, budgetsBodySchema);
    await authorised(tenant, 'budgets', body);
    await c.get('deadline').commit(() => s.budgets.replace(tenant.id, budgetRows(body), s.now()));
    await freshLedger(s, tenant.id, c.get('deadline').signal);
    return c.json(await answer(tenant));
  });

  /** Sets where alerts go; mints the secret they are signed with and shows it this once. */
  app.put('/v1/alerts/destination', async (c) => {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    const body = await jsonBody(c, destinationBodySchema);
    await authorised(tenant, 'alert-destination', body);
    const secret = newSecret('al');
    await c
      .get('deadline')
      .commit(() => s.budgets.setDestination(tenant.id, body.url, secret, s.now()));
    return c.json({ url: body.url, secret });
  });

  app.get('/v1/alerts', async (c) => {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    const { period } = query(c, alertsQuerySchema);
    return c.json({
      alerts: await listAlerts(s.database.db, tenant.id, tenant.account, period ?? null),
    });
  });
}
