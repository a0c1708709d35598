/**
 * Reports for team leads: summaries by period or dimension, the most expensive tickets, and the
 * same tickets replayed under several plans. Each answers JSON, or CSV with `Accept: text/csv`.
 * @module
 */
import type { Context, Hono } from 'hono';
import * as z from 'zod';
import { SUMMARY_COLUMNS } from '../../../api/reports.js';
import { outcomeMetrics, type Plan, plansInForce } from '../../../pricing/index.js';
import { verifyAppToken } from '../../auth/app-token.js';
import { activitiesBetween, MAX_REPLAY_TICKETS } from '../../ledger/activities.js';
import { summary, topTickets } from '../../reports/summary.js';
import type { Tenant } from '../../tenants/store.js';
import { MAX_VERSION, strictVersion } from '../bounds.js';
import { type Env, freshLedger, limit, query, type Services } from '../context.js';
import { csvResponse, wantsCsv } from '../csv.js';
import { ApiError } from '../errors.js';
import { reportQuerySchema } from '../schemas.js';

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

export function reportRoutes(app: Hono<Env>, s: Services): void {
  const tenantOf = async (authorization: string | undefined) =>
    verifyAppToken(authorization, s.tenants, s.now());
  const range = (q: { from: string; to: string }) => {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (!(from < to))
      throw new ApiError(400, 'invalid_request', 'to: expected an instant after from', 'to');
    return { from, to, label: `${q.from.slice(0, 10)}_${q.to.slice(0, 10)}` };
  };

  /**
   * What every report does first: who asks, for which days, on an up-to-date ledger. `check`
   * refuses what can be refused before the ledger is brought up to date.
   */
  async function open<Q extends { from: string; to: string }, C = undefined>(
    c: Context<Env>,
    schema: z.ZodType<Q>,
    check?: (tenant: Tenant, q: Q) => Promise<C>,
  ) {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    const q = query(c, schema);
    const period = range(q);
    const checked = (check ? await check(tenant, q) : undefined) as C;
    await freshLedger(s, tenant.id, c.get('deadline').signal);
    return { tenant, q, checked, ...period };
  }

  /** The plans a comparison names, every one known, or every saved plan at its latest version. */
  async function plansToCompare(
    tenant: Tenant,
    q: { plans?: { id: string; version: number; ref: string }[] | undefined },
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
      plans = [...latest.values()].slice(0, MAX_COMPARE_PLANS);
    }
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

  /** JSON, or CSV when asked for, with the period in the file's name. */
  function answer(
    c: Context<Env>,
    file: string,
    columns: readonly string[],
    rows: readonly object[],
    json: object,
  ) {
    if (wantsCsv(c)) return csvResponse(c, file, columns, rows as Record<string, unknown>[]);
    return c.json(json);
  }

  app.get('/v1/reports/summary', async (c) => {
    const { tenant, q, from, to, label } = await open(c, reportQuerySchema);
    const rows = await summary(s.database.db, tenant.id, from, to, q.groupBy, tenant.timeZone);
    const timeline = await s.plans.timeline(tenant.id);
    return answer(c, `summary_${q.groupBy}_${label}.csv`, SUMMARY_COLUMNS, rows, {
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
    });
  });

  app.get('/v1/reports/top-tickets', async (c) => {
    const { tenant, q, from, to, label } = await open(c, reportQuerySchema);
    const rows = await topTickets(s.database.db, tenant.id, from, to, q.limit);
    const columns = ['ticketId', 'outcome', 'currency', 'total', 'tier', 'channel'];
    return answer(c, `top-tickets_${label}.csv`, columns, rows, { from: q.from, to: q.to, rows });
  });

  /** Time saved and fewer escalations (spec section 9), priced as a period over the timeline. */
  app.get('/v1/reports/outcome-metrics', async (c) => {
    const { tenant, q, from, to } = await open(c, reportQuerySchema);
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
    return c.json({ from: q.from, to: q.to, ...metrics });
  });

  app.get('/v1/reports/compare', async (c) => {
    const {
      tenant,
      q,
      from,
      to,
      label,
      checked: plans,
    } = await open(c, compareQuery, plansToCompare);
    const activities = await activitiesBetween(s.database.db, tenant.id, from, to);
    if (activities.length > MAX_REPLAY_TICKETS)
      throw new ApiError(422, 'too_many_tickets', 'compare a shorter period');
    // In the replay worker: off the event loop, and stopped at the request's deadline.
    const replay = (await s.replays.run(
      { kind: 'compare', plans, activities, asOf: s.now(), timeZone: tenant.timeZone },
      c.get('deadline').signal,
    )) as {
      resolutionRate: string | null;
      plans: Record<string, unknown>[];
      breakEven: unknown;
      costLines: unknown;
      differences: unknown;
    };
    const rows = replay.plans;
    const columns = [
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
    return answer(c, `compare_${label}.csv`, columns, rows, {
      from: q.from,
      to: q.to,
      resolutionRate: replay.resolutionRate,
      plans: rows,
      breakEven: replay.breakEven,
      costLines: replay.costLines,
      differences: replay.differences,
    });
  });
}
