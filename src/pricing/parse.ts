/**
 * Validation at the core's boundary: unknown JSON in, typed plans and activities out, or a
 * {@link PricingInputError} naming every field at fault.
 * @module
 */
import { safeParse } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { PricingInputError } from './errors.js';
import { activitySchema, type TicketActivity } from './schema/activity.js';
import { toFieldIssues } from './schema/issues.js';
import { type Plan, planSchema } from './schema/plan.js';

function parseWith<T>(schema: $ZodType<T>, subject: string, input: unknown): T {
  const result = safeParse(schema, input);
  if (!result.success) throw new PricingInputError(subject, toFieldIssues(result.error));
  return result.data;
}

export function parsePlan(input: unknown): Plan {
  return parseWith(planSchema, 'plan', input);
}

export function parseActivity(input: unknown): TicketActivity {
  return parseWith(activitySchema, 'activity', input);
}
