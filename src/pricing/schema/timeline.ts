/**
 * A timeline as written (spec section 8): a JSON array of `{ "effectiveAt", "plan" }`.
 * @module
 */
import * as z from 'zod/mini';
import { instantString } from './common.js';
import { planSchema } from './plan.js';

export const activationSchema = z.strictObject({ effectiveAt: instantString, plan: planSchema });

export const timelineSchema = z
  .array(activationSchema, { error: 'expected a JSON array of { "effectiveAt", "plan" }' })
  .check(z.minLength(1, { error: 'a timeline needs at least one activation' }));

export type ActivationInput = z.infer<typeof activationSchema>;
