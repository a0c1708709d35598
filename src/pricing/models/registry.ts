/**
 * Every pricing model, once. Adding a model is one file in `models/` and one line here; the
 * record's type makes TypeScript fail the build where a model is missing.
 * @module
 */
import type { Model, Plan, TierPlanBody } from '../schema/plan.js';
import { basePlusPerformanceModel } from './base-plus-performance.js';
import { creditsModel } from './credits.js';
import type { PricingModel } from './model.js';
import { outcomeModel } from './outcome.js';
import { tieredModel } from './tiered.js';
import { usageModel } from './usage.js';

type BodyOf<M extends Model> = Extract<Plan, { model: M }>;

const FLAT: {
  readonly [M in TierPlanBody['model']]: PricingModel<Extract<TierPlanBody, { model: M }>>;
} = {
  usage: usageModel,
  outcome: outcomeModel,
  credits: creditsModel,
  base_plus_performance: basePlusPerformanceModel,
};

function flatModel<B extends TierPlanBody>(body: B): PricingModel<B> {
  return FLAT[body.model] as unknown as PricingModel<B>;
}

export const MODEL_REGISTRY: { readonly [M in Model]: PricingModel<BodyOf<M>> } = {
  ...FLAT,
  tiered: tieredModel(flatModel),
} as unknown as { readonly [M in Model]: PricingModel<BodyOf<M>> };

/** The model that prices a plan. */
export function modelOf<P extends Plan>(plan: P): PricingModel<P> {
  return MODEL_REGISTRY[plan.model] as unknown as PricingModel<P>;
}
