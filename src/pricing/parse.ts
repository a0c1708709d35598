/**
 * Validation at the core's boundary: unknown JSON in, typed plans and activities out, or a
 * {@link PricingInputError} naming every field at fault.
 * @module
 */
import { safeParse } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { PricingInputError } from './errors.js';
import { activitySchema, type TicketActivity } from './schema/activity.js';
import { type FieldIssue, toFieldIssues } from './schema/issues.js';
import { type Plan, planSchema } from './schema/plan.js';
import { timelineSchema } from './schema/timeline.js';
import { parseInstant } from './time.js';
import { buildTimeline, planKey, type Timeline } from './timeline/timeline.js';

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

/**
 * A timeline as written, checked as a whole: one currency, and one body per `id@version`
 * (a version activated again is the same plan).
 */
export function parseTimeline(input: unknown): Timeline {
  const activations = parseWith(timelineSchema, 'timeline', input);
  const issues: FieldIssue[] = [];
  const currency = activations[0]!.plan.currency;
  const bodies = new Map<string, string>();
  activations.forEach((a, i) => {
    if (a.plan.currency !== currency) {
      issues.push({
        field: `[${i}].plan.currency`,
        message: `every plan of a timeline has one currency (${currency})`,
      });
    }
    const key = planKey(a.plan);
    const body = canonicalJson(a.plan);
    const seen = bodies.get(key);
    if (seen === undefined) bodies.set(key, body);
    else if (seen !== body) {
      issues.push({
        field: `[${i}].plan`,
        message: `${key} appears with two different bodies; a changed plan needs a new version`,
      });
    }
  });
  if (issues.length > 0) throw new PricingInputError('timeline', issues);
  return buildTimeline(
    activations.map((a) => ({ effectiveAt: parseInstant(a.effectiveAt)!, plan: a.plan })),
  );
}

/** True when two plans say the same thing whatever their version (and their key order). */
export function sameTerms(a: Plan, b: Plan): boolean {
  return canonicalJson({ ...a, version: 0 }) === canonicalJson({ ...b, version: 0 });
}

/** JSON with object keys sorted, so two equal bodies compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
