/**
 * Reports for team leads: summaries by period or dimension, the most expensive tickets, and the
 * same tickets replayed under several plans. Each answers JSON, or CSV with `Accept: text/csv`.
 * @module
 */
import type { Context, Hono } from 'hono';
import * as z from 'zod';
import { SUMMARY_COLUMNS } from '../../../api/reports.js';
import {
  comparePlans,
  minorUnits,
  type Plan,
  plansInForce,
  toMinor,
} from '../../../pricing/index.js';
import { verifyAppToken } from '../../auth/app-token.js';
import { activitiesBetween, MAX_REPLAY_TICKETS } from '../../ledger/activities.js';
import { summary, topTickets } from '../../reports/summary.js';
import { type Env, freshLedger, limit, query, type Services } from '../context.js';
import { csvResponse, wantsCsv } from '../csv.js';
import { ApiError } from '../errors.js';
import { reportQuerySchema } from '../schemas.js';

const compareQuery = reportQuerySchema.extend({
  plans: z
    .string({ error: 'expected plans=id@version,id@version' })
    .regex(/^[a-z0-9_-]+@\d+(,[a-z0-9_-]+@\d+)*$/, {
      error: 'expected plans=id@version,id@version',
    })
    .optional(),
});

/**
 * The tickets whose cost differs most between the first two plans compared, with what each
 * plan charges for them (confirmed amounts).
 */
function largestDifferences(plans: ReturnType<typeof comparePlans>['plans'], limit = 20) {
  const [a, b] = plans;
  if (!a || !b) return [];
  const digits = minorUnits(a.currency);
  return a.breakdowns
    .map((x, i) => {
      const y = b.breakdowns[i]!;
      const delta = toMinor(y.confirmedTotal, digits) - toMinor(x.confirmedTotal, digits);
      return { ticketId: x.ticketId, amounts: [x.confirmedTotal, y.confirmedTotal], delta };
    })
    .filter((d) => d.delta !== 0n)
    .sort((p, q) => {
      const ap = p.delta < 0n ? -p.delta : p.delta;
      const aq = q.delta < 0n ? -q.delta : q.delta;
      return ap > aq ? -1 : ap < aq ? 1 : p.ticketId < q.ticketId ? -1 : 1;
    })
    .slice(0, limit)
    .map(({ ticketId, amounts }) => ({ ticketId, amounts }));
}

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

  /** What every report does first: who asks, for which days, on an up-to-date ledger. */
  async function open<Q extends { from: string; to: string }>(
    c: Context<Env>,
    schema: z.ZodType<Q>,
  ) {
    const tenant = await tenantOf(c.req.header('authorization'));
    limit(s, c, tenant);
    const q = query(c, schema);
    await freshLedger(s, tenant.id);
    return { tenant, q, ...range(q) };
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

  app.get('/v1/reports/compare', async (c) => {
    const { tenant, q, from, to, label } = await open(c, compareQuery);
    let plans: Plan[];
    if (q.plans) {
      plans = [];
      for (const ref of q.plans.split(',')) {
        const [id, version] = ref.split('@') as [string, string];
        const plan = await s.plans.version(tenant.id, id, Number(version));
        if (!plan) throw new ApiError(404, 'not_found', `plans: no plan ${ref}`, 'plans');
        plans.push(plan);
      }
    } else {
      // Every saved plan at its latest version.
      const latest = new Map<string, Plan>();
      for (const { plan } of await s.plans.list(tenant.id))
        if (!latest.has(plan.id)) latest.set(plan.id, plan);
      plans = [...latest.values()];
    }
    if (plans.length === 0) throw new ApiError(404, 'not_found', 'no saved plans to compare');
    const activities = await activitiesBetween(s.database.db, tenant.id, from, to);
    if (activities.length > MAX_REPLAY_TICKETS)
      throw new ApiError(422, 'too_many_tickets', 'compare a shorter period');
    const comparison = comparePlans(plans, activities, {
      asOf: s.now(),
      timeZone: tenant.timeZone,
    });
    const rows = comparison.plans.map(({ breakdowns: _, outcomes: __, ...p }) => p);
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
      resolutionRate: comparison.resolutionRate,
      plans: rows,
      breakEven: comparison.breakEven,
      costLines: comparison.costLines,
      differences: largestDifferences(comparison.plans),
    });
  });
}
