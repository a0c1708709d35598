/**
 * What the backend answers about plans: the active one, the timeline, every version and
 * activation, a saved version, a preview and an activation.
 * @module
 */
import * as z from 'zod/mini';
import { planSchema } from '../../pricing/schema/plan.js';
import { count, decimalText, instantText } from './common.js';
import { planSummarySchema } from './reports.js';

const planVersionRef = z.object({ id: z.string(), version: z.number().check(z.int()) });

export const activePlanSchema = z.object({ plan: planSchema });

// A file of its own, so that the sidebar, which reads it, does not carry the reports' schemas.
export { timelineAnswerSchema } from './timeline.js';

export const activationRecordSchema = z.object({
  planId: z.string(),
  version: z.number().check(z.int()),
  effectiveFrom: instantText,
  activatedBy: z.string(),
  activatedAt: instantText,
  viaZendesk: z.boolean(),
  status: z.enum(['in_force', 'scheduled', 'superseded']),
});

export const planListSchema = z.object({
  active: z.nullable(planVersionRef),
  versions: z.array(z.object({ plan: planSchema, createdAt: instantText })),
  activations: z.array(activationRecordSchema),
});

export const savedPlanSchema = z.object({ plan: planSchema, created: z.boolean() });

/** `POST /v1/plans/preview`: the draft beside the active plan, summaries only. */
export const previewSchema = z.object({
  days: count,
  asOf: instantText,
  currency: z.string(),
  tickets: count,
  aiTickets: count,
  resolutionRate: z.nullable(decimalText),
  plans: z.array(planSummarySchema),
  breakEven: z.array(
    z.object({
      planA: z.string(),
      planB: z.string(),
      resolutionRate: z.nullable(decimalText),
      cheaperAbove: z.nullable(z.string()),
      cheaperBelow: z.nullable(z.string()),
    }),
  ),
  costLines: z.array(
    z.object({ planId: z.string(), noneResolved: decimalText, allResolved: decimalText }),
  ),
  /** The tickets whose cost the draft changes most against the plan in force. */
  differences: z.array(
    z.object({ ticketId: z.string(), amounts: z.tuple([decimalText, decimalText]) }),
  ),
});

export const activatedSchema = z.object({ active: planVersionRef, effectiveFrom: instantText });
