/**
 * `GET /v1/baselines/escalation-rate`: the escalation rate of a past month's cohort (spec
 * section 9), for the admin's "measure" button beside `baselineRate`. The other baseline, the
 * handling time of tickets without AI, is measured in the browser from Zendesk itself: the
 * ledger keeps only tickets with AI usage.
 * @module
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import { escalationRateSchema } from '../../../api/schemas/reports.js';
import { measureEscalationRate } from '../../../pricing/index.js';
import { monthBounds } from '../../../pricing/time.js';
import { cohortBetween, MAX_REPLAY_TICKETS } from '../../ledger/activities.js';
import type { Env, Services } from '../context.js';
import { APP_JWT, json, refusals } from '../contract/responses.js';
import { ApiError } from '../errors.js';
import { appToken } from '../middleware/auth.js';
import { queryInput } from '../middleware/input.js';

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

export function baselineRoutes(app: OpenAPIHono<Env>, s: Services): void {
  const route = createRoute({
    tags: ['plans'],
    security: APP_JWT,
    method: 'get',
    path: '/v1/baselines/escalation-rate',
    summary: 'A past month’s cohort escalation rate, for the admin’s measure button',
    middleware: [appToken(s), queryInput],
    request: { query: escalationRateQuery },
    responses: { 200: json(escalationRateSchema, 'The cohort and its rate'), ...refusals(422) },
  });
  app.openapi(route, async (c) => {
    const tenant = c.get('tenant');
    const q = c.req.valid('query');
    const now = s.now();
    const { start, end } = monthBounds(q.month, tenant.timeZone);
    // Only a month that has begun has a cohort; a future one is a mistake worth naming.
    if (start > now.getTime())
      throw new ApiError(400, 'invalid_request', 'month: expected a month that has begun', 'month');
    const cohort = await cohortBetween(s.database.db, tenant.id, new Date(start), new Date(end));
    if (cohort.length > MAX_REPLAY_TICKETS)
      throw new ApiError(422, 'too_many_tickets', 'the month has too many tickets to measure');
    const measured = measureEscalationRate(cohort, {
      month: q.month,
      ...(q.windowHours !== undefined ? { windowHours: q.windowHours } : {}),
      asOf: now,
      timeZone: tenant.timeZone,
    });
    return c.json(measured, 200);
  });
}
