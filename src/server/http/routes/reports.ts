/**
 * Reports for team leads: summaries by period or dimension, the most expensive tickets, and the
 * same tickets replayed under several plans. Each answers JSON, or CSV with `Accept: text/csv`.
 * @module
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import { SUMMARY_COLUMNS } from '../../../api/reports.js';
import {
  compareSchema,
  outcomeMetricsSchema,
  summaryReportSchema,
  topTicketsSchema,
} from '../../../api/schemas/reports.js';
import { outcomeMetrics, type Plan, plansInForce } from '../../../pricing/index.js';
import { activitiesBetween, MAX_REPLAY_TICKETS } from '../../ledger/activities.js';
import type { runReplay } from '../../replay/replays.js';
import { summary, topTickets } from '../../reports/summary.js';
import type { Tenant } from '../../tenants/store.js';
import { MAX_VERSION, strictVersion } from '../bounds.js';
import { type Env, freshLedger, type Services } from '../context.js';
import { APP_JWT, json, jsonBody, jsonOrCsv, refusals } from '../contract/responses.js';
import { csvResponse, wantsCsv } from '../csv.js';
import { ApiError } from '../errors.js';
import { appToken } from '../middleware/auth.js';
import { jsonInput, queryInput } from '../middleware/input.js';
import { compareBodySchema, reportQuerySchema } from '../schemas.js';
import { planFrom } from './plans.js';

/** The most plans one comparison replays: break-even is computed for every pair of them. */
export const MAX_COMPARE_PLANS = 20;

const planRef = /^([a-z0-9][a-z0-9_-]{0,63})@([0-9]+)$/;

/** `id@version,…`: at most MAX_COMPARE_PLANS distinct refs, each with a strict version. */
const planRefs = z
  .string({ error: 'expected plans=id@version,id@version' })
  .max(MAX_COMPARE_PLANS * 80, { error: `at most ${MAX_COMPARE_PLANS} plans` })
  .transform((text, ctx) => {
    const refs = [...new Set(text.split(','))];
    if (refs.length > MAX_COMPARE_PLANS) {
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_COMPARE_PLANS} plans` });
      return z.NEVER;
    }
    const parsed: { id: string; version: number; ref: string }[] = [];
    for (const ref of refs) {
      const match = planRef.exec(ref);
      const version = match ? strictVersion(match[2]!) : null;
      if (!match || version === null) {
        ctx.addIssue({
          code: 'custom',
          message: `expected plans=id@version,id@version (versions 1 to ${MAX_VERSION}), not ${JSON.stringify(ref.slice(0, 80))}`,
        });
        return z.NEVER;
      }
      parsed.push({ id: match[1]!, version, ref });
    }
    return parsed;
  });

const compareQuery = reportQuerySchema.extend({ plans: planRefs.optional() });

const TOP_TICKET_COLUMNS = ['ticketId', 'outcome', 'currency', 'total', 'tier', 'channel'];
const COMPARE_COLUMNS = [
  'planId',
  'planVersion',
  'name',
  'model',
  'currency',
  'tickets',
  'aiTickets',
  'totalCost',
  'provisionalCost',
  'aiResolutions',
  'assisted',
  'costPerResolution',
  'costPerResolvedTicket',
];

/** What a comparison's replay answers. */
type CompareReplay = Exclude<ReturnType<typeof runReplay>, { asOf: string }>;

/** Who asks, and the period: what every report declares first. */
const report = <P extends string>(s: Services, path: P, summary: string) => ({
  tags: ['reports'],
  security: APP_JWT,
  method: 'get' as const,
  path,
  summary,
  middleware: [appToken(s), queryInput],
});

export function reportRoutes(app: OpenAPIHono<Env>, s: Services): void {
  const range = (q: { from: string; to: string }) => {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (!(from < to))
      throw new ApiError(400, 'invalid_request', 'to: expected an instant after from', 'to');
    return { from, to, label: `${q.from.slice(0, 10)}_${q.to.slice(0, 10)}` };
  };

  /** The plans a comparison names, every one known, or every saved plan at its latest version. */
  async function plansToCompare(
    tenant: Tenant,
    q: { plans?: { id: string; version: number; ref: string }[] | undefined },
    unsaved: readonly Plan[] = [],
  ): Promise<Plan[]> {
    let plans: Plan[];
    if (q.plans) {
      plans = [];
      for (const { id, version, ref } of q.plans) {
        const plan = await s.plans.version(tenant.id, id, version);
        if (!plan) throw new ApiError(404, 'not_found', `plans: no plan ${ref}`, 'plans');
        plans.push(plan);
      }
    } else {
      // Every saved plan at its latest version, in plan id order as before, up to the bound.
      const latest = new Map<string, Plan>();
      for (const { plan } of await s.plans.list(tenant.id))
        if (!latest.has(plan.id)) latest.set(plan.id, plan);
      plans = [...latest.values()].slice(0, MAX_COMPARE_PLANS - unsaved.length);
    }
    unsaved.forEach((plan, i) => {
      const ref = `${plan.id}@${plan.version}`;
      if (plans.some((p) => p.id === plan.id && p.version === plan.version))
        throw new ApiError(
          400,
          'invalid_plan',
          `plans[${i}].id: ${ref} is a saved plan of this account; give the unsaved plan another id or version`,
          `plans[${i}].id`,
        );
      plans.push(plan);
    });
    if (plans.length === 0) throw new ApiError(404, 'not_found', 'no saved plans to compare');
    const mixed = plans.find((p) => p.currency !== plans[0]!.currency);
    if (mixed)
      throw new ApiError(
        400,
        'invalid_request',
        `plans: ${mixed.id}@${mixed.version} is in ${mixed.currency}, ${plans[0]!.id}@${plans[0]!.version} in ${plans[0]!.currency}; compare plans of one currency`,
        'plans',
      );
    return plans;
  }

  /** CSV when asked for, with the period in the file's name; else null, and JSON answers. */
  const csvIfAsked = (
    c: Context<Env>,
    file: string,
    columns: readonly string[],
    rows: readonly object[],
  ) => (wantsCsv(c) ? csvResponse(c, file, columns, rows as Record<string, unknown>[]) : null);

  const summaryRoute = createRoute({
    ...report(
      s,
      '/v1/reports/summary',
      'Confirmed and provisional cost, outcomes and cost per resolution, by a grouping',
    ),
    request: { query: reportQuerySchema },
    responses: { 200: jsonOrCsv(summaryReportSchema, 'The summary'), ...refusals() },
  });
  app.openapi(summaryRoute, async (c) => {
    const tenant = c.get('tenant');
    const q = c.req.valid('query');
    const { from, to, label } = range(q);
    await freshLedger(s, tenant.id, c.get('deadline').signal);
    const rows = await summary(s.database.db, tenant.id, from, to, q.groupBy, tenant.timeZone);
    const timeline = await s.plans.timeline(tenant.id);
    const csv = csvIfAsked(c, `summary_${q.groupBy}_${label}.csv`, SUMMARY_COLUMNS, rows);
    if (csv) return csv;
    return c.json(
      {
        from: q.from,
        to: q.to,
        groupBy: q.groupBy,
        rows,
        // The actual figures are priced over the timeline: which plans were in force when.
        plansInForce: timeline
          ? plansInForce(timeline, from.getTime(), to.getTime()).map((p) => ({
              ...p,
              from: new Date(p.from).toISOString(),
              to: new Date(p.to).toISOString(),
            }))
          : [],
      },
      200,
    );
  });

  const topRoute = createRoute({
    ...report(s, '/v1/reports/top-tickets', 'The most expensive tickets of the period'),
    request: { query: reportQuerySchema },
    responses: { 200: jsonOrCsv(topTicketsSchema, 'The tickets'), ...refusals() },
  });
  app.openapi(topRoute, async (c) => {
    const tenant = c.get('tenant');
    const q = c.req.valid('query');
    const { from, to, label } = range(q);
    await freshLedger(s, tenant.id, c.get('deadline').signal);
    const rows = await topTickets(s.database.db, tenant.id, from, to, q.limit);
    const csv = csvIfAsked(c, `top-tickets_${label}.csv`, TOP_TICKET_COLUMNS, rows);
    if (csv) return csv;
    return c.json({ from: q.from, to: q.to, rows }, 200);
  });

  /** Time saved and fewer escalations (spec section 9), priced as a period over the timeline. */
  const outcomeRoute = createRoute({
    ...report(
      s,
      '/v1/reports/outcome-metrics',
      'Human minutes spent and saved, and each month’s cohort escalation rate',
    ),
    request: { query: reportQuerySchema },
    responses: { 200: json(outcomeMetricsSchema, 'The metrics'), ...refusals(404, 422) },
  });
  app.openapi(outcomeRoute, async (c) => {
    const tenant = c.get('tenant');
    const q = c.req.valid('query');
    const { from, to } = range(q);
    await freshLedger(s, tenant.id, c.get('deadline').signal);
    const timeline = await s.plans.timeline(tenant.id);
    if (!timeline) throw new ApiError(404, 'not_found', 'no plan is active for this account yet');
    const activities = await activitiesBetween(s.database.db, tenant.id, from, to);
    if (activities.length > MAX_REPLAY_TICKETS)
      throw new ApiError(422, 'too_many_tickets', 'ask for a shorter period');
    const metrics = outcomeMetrics(timeline, activities, {
      asOf: s.now(),
      timeZone: tenant.timeZone,
      groupBy: q.groupBy,
    });
    return c.json({ from: q.from, to: q.to, ...metrics }, 200);
  });

  const compareRoute = createRoute({
    ...report(
      s,
      '/v1/reports/compare',
      'The period’s tickets replayed under several plans (plans=id@version,…), with break-even',
    ),
    request: { query: compareQuery },
    responses: { 200: jsonOrCsv(compareSchema, 'The replay'), ...refusals(404, 422) },
  });
  /** The period's tickets replayed under the plans, in the replay worker. */
  async function replayCompare(
    c: Context<Env>,
    tenant: Tenant,
    plans: Plan[],
    from: Date,
    to: Date,
  ) {
    await freshLedger(s, tenant.id, c.get('deadline').signal);
    const activities = await activitiesBetween(s.database.db, tenant.id, from, to);
    if (activities.length > MAX_REPLAY_TICKETS)
      throw new ApiError(422, 'too_many_tickets', 'compare a shorter period');
    // In the replay worker: off the event loop, and stopped at the request's deadline.
    return (await s.replays.run(
      { kind: 'compare', plans, activities, asOf: s.now(), timeZone: tenant.timeZone },
      c.get('deadline').signal,
    )) as CompareReplay;
  }

  app.openapi(compareRoute, async (c) => {
    const tenant = c.get('tenant');
    const q = c.req.valid('query');
    const { from, to, label } = range(q);
    // Refused before the ledger is brought up to date: an unknown plan is a 404 at once.
    const plans = await plansToCompare(tenant, q);
    const replay = await replayCompare(c, tenant, plans, from, to);
    const csv = csvIfAsked(c, `compare_${label}.csv`, COMPARE_COLUMNS, replay.plans);
    if (csv) return csv;
    return c.json({ from: q.from, to: q.to, ...replay }, 200);
  });

  /**
   * The same with plans this account has not saved (a vendor's published price, a draft)
   * beside every saved plan: the bodies travel in the request, are checked like any plan, and
   * are not stored.
   */
  const compareUnsavedRoute = createRoute({
    tags: ['reports'],
    security: APP_JWT,
    method: 'post',
    path: '/v1/reports/compare',
    summary:
      'The period’s tickets replayed under every saved plan and under plans given in the body (not saved), with break-even',
    middleware: [appToken(s), jsonInput] as const,
    request: { body: jsonBody(compareBodySchema) },
    responses: { 200: json(compareSchema, 'The replay'), ...refusals(415, 422) },
  });
  app.openapi(compareUnsavedRoute, async (c) => {
    const tenant = c.get('tenant');
    const body = c.req.valid('json');
    const { from, to } = range(body);
    const unsaved = body.plans.map((plan, i) => planFrom(plan, `plans[${i}]`));
    const plans = await plansToCompare(tenant, {}, unsaved);
    const replay = await replayCompare(c, tenant, plans, from, to);
    return c.json({ from: body.from, to: body.to, ...replay }, 200);
  });
}
