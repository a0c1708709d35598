/**
 * What the backend answers for the plans in force over time: the sidebar prices over it.
 * @module
 */
import * as z from 'zod/mini';
import { planSchema } from '../../pricing/schema/plan.js';
import { instantText } from './common.js';

export const timelineAnswerSchema = z.object({
  timeline: z.array(z.object({ effectiveAt: instantText, plan: planSchema })),
});
