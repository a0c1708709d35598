/**
 * Plans (spec section 4): a discriminated union on `model`, one body per pricing model.
 * Tiers nest any non-tiered body. Types are derived from the schemas.
 * @module
 */
import * as z from 'zod/mini';

import { isCurrencyCode, minorUnits } from '../money/currency.js';
import {
  creditCount,
  decimalString,
  nonNegativeInteger,
  planSlug,
  priceString,
  rateString,
  toolSlug,
} from './common.js';

export const MODELS = ['usage', 'outcome', 'credits', 'base_plus_performance', 'tiered'] as const;
export type Model = (typeof MODELS)[number];

/** Rules that a tier may override and otherwise inherits from its tiered plan. */
const outcomeRules = {
  confirmationWindowHours: z.optional(
    z
      .number({ error: 'expected a number of hours' })
      .check(
        z.nonnegative({ error: 'expected a non-negative number of hours' }),
        z.lte(24 * 366, { error: 'at most one year (8784 hours)' }),
      ),
  ),
  minCsat: z.optional(z.literal('good', { error: 'expected "good" (or leave it out)' })),
  revokeOnLateReopen: z.optional(z.boolean({ error: 'expected true or false' })),
};

const planHeader = {
  id: planSlug,
  name: z.string({ error: 'expected a name' }).check(z.minLength(1), z.maxLength(200)),
  version: z
    .int({ error: 'expected an integer version' })
    .check(z.gte(1, { error: 'versions start at 1' })),
  currency: z
    .string({ error: 'expected an ISO 4217 currency code such as "USD"' })
    .check(z.refine(isCurrencyCode, { error: 'expected an ISO 4217 currency code such as "USD"' })),
  period: z.optional(z.literal('month', { error: 'only "month" periods are supported' })),
};

const toolPrices = z.record(toolSlug, priceString, { error: 'expected an object of tool: price' });

const usageShape = {
  model: z.literal('usage'),
  rates: z._default(
    z.strictObject({
      conversation: z.optional(priceString),
      processing_minute: z.optional(priceString),
      tool_call: z.optional(priceString),
      api_call: z.optional(priceString),
    }),
    {},
  ),
  toolRates: z.optional(toolPrices),
  processingRounding: z.optional(
    z.enum(['exact', 'ceil_minute'], { error: 'expected "exact" or "ceil_minute"' }),
  ),
  ...outcomeRules,
};

const outcomeShape = {
  model: z.literal('outcome'),
  pricePerResolution: priceString,
  assistedPrice: z.optional(priceString),
  ...outcomeRules,
};

const creditsShape = {
  model: z.literal('credits'),
  creditPrice: priceString,
  prepaidCredits: creditCount,
  overagePrice: priceString,
  burn: z.strictObject({
    conversation: z.optional(creditCount),
    tool_call: z.optional(creditCount),
    api_call: z.optional(creditCount),
    processing_minute: z.optional(creditCount),
    resolution: z.optional(creditCount),
  }),
  toolBurn: z.optional(z.record(toolSlug, creditCount)),
  ...outcomeRules,
};

const basePlusPerformanceShape = {
  model: z.literal('base_plus_performance'),
  baseFee: priceString,
  perResolution: priceString,
  perAssisted: z.optional(priceString),
  csatBonus: z.optional(z.strictObject({ amount: priceString })),
  timeSaved: z.optional(
    z.strictObject({ baselineMinutes: decimalString, pricePerHour: priceString }),
  ),
  escalationReduction: z.optional(
    z.strictObject({
      baselineRate: rateString,
      pricePerPoint: priceString,
      cap: z.optional(priceString),
    }),
  ),
  ...outcomeRules,
};

export const usageBody = z.strictObject(usageShape);
export const outcomeBody = z.strictObject(outcomeShape);
export const creditsBody = z.strictObject(creditsShape);
export const basePlusPerformanceBody = z.strictObject(basePlusPerformanceShape);

const labels = z
  .array(z.string().check(z.minLength(1), z.maxLength(256)))
  .check(z.minLength(1, { error: 'list at least one value' }));

export const tierConditionSchema = z.strictObject({
  maxToolCalls: z.optional(nonNegativeInteger),
  maxApiCalls: z.optional(nonNegativeInteger),
  maxConversations: z.optional(nonNegativeInteger),
  maxProcessingMinutes: z.optional(creditCount),
  priorities: z.optional(labels),
  channels: z.optional(labels),
  anyTags: z.optional(labels),
});
export type TierCondition = z.infer<typeof tierConditionSchema>;

const tierBody = z.discriminatedUnion(
  'model',
  [usageBody, outcomeBody, creditsBody, basePlusPerformanceBody],
  { error: 'expected a tier model: usage, outcome, credits or base_plus_performance' },
);

const tieredShape = {
  model: z.literal('tiered'),
  tiers: z
    .array(
      z.strictObject({
        name: z.string().check(z.minLength(1, { error: 'a tier needs a name' }), z.maxLength(64)),
        when: tierConditionSchema,
        plan: tierBody,
      }),
    )
    .check(z.minLength(1, { error: 'a tiered plan needs at least one tier' })),
  ...outcomeRules,
};
export const tieredBody = z.strictObject(tieredShape);

export const planSchema = z
  .discriminatedUnion(
    'model',
    [
      z.strictObject({ ...planHeader, ...usageShape }),
      z.strictObject({ ...planHeader, ...outcomeShape }),
      z.strictObject({ ...planHeader, ...creditsShape }),
      z.strictObject({ ...planHeader, ...basePlusPerformanceShape }),
      z.strictObject({ ...planHeader, ...tieredShape }),
    ],
    { error: `expected model to be one of ${MODELS.join(', ')}` },
  )
  .check(
    z.superRefine((plan, ctx) => {
      if (plan.model === 'tiered') {
        const names = new Set<string>();
        plan.tiers.forEach((tier, i) => {
          if (names.has(tier.name)) {
            ctx.addIssue({
              code: 'custom',
              path: ['tiers', i, 'name'],
              message: 'duplicate tier name',
            });
          }
          names.add(tier.name);
        });
        const last = plan.tiers.at(-1);
        if (last && Object.keys(last.when).length > 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['tiers', plan.tiers.length - 1, 'when'],
            message: 'the last tier must match every ticket ("when": {}), so no ticket is unpriced',
          });
        }
      }
      if (plan.model === 'base_plus_performance' && isCurrencyCode(plan.currency)) {
        // The base fee is split in minor units, so it must be a whole number of them.
        const digits = minorUnits(plan.currency);
        const dot = plan.baseFee.indexOf('.');
        const fraction = dot < 0 ? '' : plan.baseFee.slice(dot + 1).replace(/0+$/, '');
        if (fraction.length > digits) {
          ctx.addIssue({
            code: 'custom',
            path: ['baseFee'],
            message: `${plan.currency} has ${digits} minor digits; the base fee cannot be finer`,
          });
        }
      }
    }),
  );

/** Plan as written (defaults not yet applied). */
export type PlanInput = z.input<typeof planSchema>;
export type Plan = z.infer<typeof planSchema>;
export type UsagePlanBody = z.infer<typeof usageBody>;
export type OutcomePlanBody = z.infer<typeof outcomeBody>;
export type CreditsPlanBody = z.infer<typeof creditsBody>;
export type BasePlusPerformanceBody = z.infer<typeof basePlusPerformanceBody>;
export type TieredPlanBody = z.infer<typeof tieredBody>;
export type TierPlanBody = z.infer<typeof tierBody>;
/** Any body that prices a ticket directly (everything but `tiered`). */
export type FlatPlanBody = TierPlanBody;
