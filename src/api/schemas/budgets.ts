/**
 * What the backend answers about budgets and alerts (issue 14): this month's standings with
 * their forecast, the alerts and their delivery, and the alert destination once it is set.
 * @module
 */
import * as z from 'zod/mini';
import { ALERT_SCOPES, BUDGET_SCOPES } from '../budgets.js';
import { count, decimalText, instantText } from './common.js';

const forecastSchema = z.object({
  method: z.literal('completed-days-mean'),
  basisDays: count,
  projectedDays: count,
  expected: decimalText,
  low: decimalText,
  high: decimalText,
  exceeds: z.boolean(),
});

export const budgetViewSchema = z.object({
  scope: z.enum(BUDGET_SCOPES),
  value: z.string(),
  amount: decimalText,
  confirmed: decimalText,
  provisional: decimalText,
  percentUsed: decimalText,
  reached: z.array(z.number()),
  forecast: z.nullable(forecastSchema),
});

export const budgetsAnswerSchema = z.object({
  period: z.string(),
  daysInMonth: count,
  today: count,
  currency: z.nullable(z.string()),
  budgets: z.array(budgetViewSchema),
  destination: z.nullable(z.object({ url: z.string() })),
  creditPool: z.nullable(
    z.object({
      plan: z.string(),
      credits: decimalText,
      used: decimalText,
      remaining: decimalText,
      percentDrained: decimalText,
      reached: z.array(z.number()),
      exhaustsOn: z.nullable(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
      exhausted: z.boolean(),
    }),
  ),
});

/** The destination just set, with the secret its alerts are signed with, shown this once. */
export const destinationAnswerSchema = z.object({ url: z.string(), secret: z.string() });

export const alertEntrySchema = z.object({
  id: z.string(),
  account: z.string(),
  type: z.enum(['budget.threshold_reached', 'budget.forecast_exceeded', 'credits.pool_drained']),
  scope: z.enum(ALERT_SCOPES),
  value: z.string(),
  period: z.string(),
  threshold: z.number(),
  currency: z.string(),
  budget: decimalText,
  spent: decimalText,
  forecast: z.nullable(decimalText),
  raisedAt: instantText,
  delivery: z.enum(['pending', 'delivered', 'failed']),
  attempts: count,
  deliveredAt: z.nullable(instantText),
});

export const alertsAnswerSchema = z.object({ alerts: z.array(alertEntrySchema) });
