/**
 * `GET /v1/baselines/escalation-rate`: the escalation rate of a past month's cohort (spec
 * section 9), for the admin's "measure" button beside `baselineRate`. The other baseline, the
 * handling time of tickets without AI, is measured in the browser from Zendesk itself: the
 * ledger keeps only tickets with AI usage.
 * @module
 */
import type { Hono } from 'hono';
import * as z from 'zod';
import { measureEscalationRate } from '../../../pricing/index.js';
import { monthBounds } from '../../../pricing/time.js';
import { verifyAppToken } from '../../auth/app-token.js';
import { cohortBetween, MAX_REPLAY_TICKETS } from '../../ledger/activities.js';
import { type Env, limit, query, type Services } from '../context.js';
import { ApiError } from '../errors.js';

export const escalationRateQuery = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'expected a month such as "2026-10"' }),
  /** The confirmation window of the plan being edited: escalations count until month end + W. */
  windowHours: z.coerce
    .number({ error: 'expected a whole number of hours' })
    .int({ error: 'expected a whole number of hours' })
    .min(0, { error: 'expected 0 to 8760 hours' })
    .max(8760, { error: 'expected 0 to 8760 hours' })
    .optional(),
});

export function baselineRoutes(app: Hono<Env>, s: Services): void {
  app.get('/v1/baselines/escalation-rate', async (c) => {
    const tenant = await verifyAppToken(c.req.header('authorization'), s.tenants, s.now());
    limit(s, c, tenant);
    const q = query(c, escalationRateQuery);
    const now = s.now();
    const { start, end } = monthBounds(q.month, tenant.timeZone);
    // Only a month that has begun has a cohort; a future one is a mistake worth naming.
    if (start > now.getTime())
      throw new ApiError(400, 'invalid_request', 'month: expected a month that has begun', 'month');
    const cohort = await cohortBetween(s.database.db, tenant.id, new Date(start), new Date(end));
    if (cohort.length > MAX_REPLAY_TICKETS)
      throw new ApiError(422, 'too_many_tickets', 'the month has too many tickets to measure');
    return c.json(
      measureEscalationRate(cohort, {
        month: q.month,
        ...(q.windowHours !== undefined ? { windowHours: q.windowHours } : {}),
        asOf: now,
        timeZone: tenant.timeZone,
      }),
    );
  });
}
