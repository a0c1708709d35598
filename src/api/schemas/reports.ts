/**
 * What the reports answer: summaries, the most expensive tickets, time saved and escalations,
 * and the same tickets replayed under several plans.
 * @module
 */
import * as z from 'zod/mini';
import { OUTCOMES } from '../../pricing/outcome/evaluate.js';
import { MODELS } from '../../pricing/schema/plan.js';
import { count, decimalText, instantText } from './common.js';

const nullableText = z.nullable(z.string());

export const summaryRowSchema = z.object({
  key: nullableText,
  currency: nullableText,
  tickets: count,
  aiTickets: count,
  totalCost: decimalText,
  provisionalCost: decimalText,
  aiResolutions: count,
  assisted: count,
  escalated: count,
  costPerResolution: z.nullable(decimalText),
  costPerResolvedTicket: z.nullable(decimalText),
});

export const summaryReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.string(),
  rows: z.array(summaryRowSchema),
  plansInForce: z.array(
    z.object({ plan: z.string(), name: z.string(), from: instantText, to: instantText }),
  ),
});

export const topTicketsSchema = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({
      ticketId: z.string(),
      outcome: nullableText,
      currency: nullableText,
      total: decimalText,
      tier: nullableText,
      channel: nullableText,
    }),
  ),
});

export const outcomeMetricsSchema = z.object({
  from: z.string(),
  to: z.string(),
  tickets: count,
  humanMinutesSpent: decimalText,
  humanMinutesSaved: decimalText,
  cohorts: z.array(
    z.object({
      month: z.string(),
      /** The plan version (`id@version`) whose cohort this is. */
      plan: z.string(),
      tickets: count,
      escalated: count,
      rate: decimalText,
      baselineRate: z.nullable(decimalText),
      fee: decimalText,
      provisional: z.boolean(),
    }),
  ),
  /** The minutes by the report's grouping. */
  groups: z.optional(
    z.array(
      z.object({
        key: nullableText,
        tickets: count,
        humanMinutesSpent: decimalText,
        humanMinutesSaved: decimalText,
      }),
    ),
  ),
});

/** A past month's cohort, measured for the admin's `baselineRate` (spec section 9). */
export const escalationRateSchema = z.object({
  month: z.string(),
  tickets: count,
  escalated: count,
  rate: z.nullable(decimalText),
  countedUntil: z.string(),
});

/** One plan's figures in a replay (a comparison or a preview). */
export const planSummarySchema = z.object({
  planId: z.string(),
  planVersion: z.number().check(z.int()),
  name: z.string(),
  model: z.enum(MODELS),
  currency: z.string(),
  tickets: count,
  aiTickets: count,
  totalCost: decimalText,
  provisionalCost: decimalText,
  aiResolutions: count,
  assisted: count,
  outcomes: z.optional(z.record(z.enum(OUTCOMES), count)),
  costPerResolution: z.nullable(decimalText),
  costPerResolvedTicket: z.nullable(decimalText),
});

export const compareSchema = z.object({
  from: z.string(),
  to: z.string(),
  resolutionRate: z.nullable(decimalText),
  plans: z.array(planSummarySchema),
  breakEven: z.array(
    z.object({
      planA: z.string(),
      planB: z.string(),
      resolutionRate: z.nullable(decimalText),
      cheaperAbove: nullableText,
      cheaperBelow: nullableText,
    }),
  ),
  costLines: z.array(
    z.object({ planId: z.string(), noneResolved: decimalText, allResolved: decimalText }),
  ),
  differences: z.array(
    z.object({ ticketId: z.string(), amounts: z.tuple([decimalText, decimalText]) }),
  ),
});
