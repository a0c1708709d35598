/**
 * Each model's fields as the admin's form edits them, then the outcome rules every plan has.
 * Apart from the models' pricing on purpose: only the admin page imports this module, so the
 * sidebar's bundle, which shares the pricing core with it, does not carry the form. The
 * record's type fails the build where a model is missing.
 * @module
 */
import type { Model } from '../schema/plan.js';
import { type FormField, OUTCOME_RULE_FIELDS } from './model.js';

const OWN: { readonly [M in Model]: readonly FormField[] } = {
  usage: [
    { path: 'rates.conversation', kind: 'price' },
    { path: 'rates.processing_minute', kind: 'price' },
    { path: 'rates.tool_call', kind: 'price' },
    { path: 'rates.api_call', kind: 'price' },
    { path: 'toolRates', kind: 'json' },
    { path: 'processingRounding', kind: 'choice', choices: ['exact', 'ceil_minute'] },
  ],
  outcome: [
    { path: 'pricePerResolution', kind: 'price' },
    { path: 'assistedPrice', kind: 'price' },
  ],
  credits: [
    { path: 'creditPrice', kind: 'price' },
    { path: 'prepaidCredits', kind: 'count' },
    { path: 'overagePrice', kind: 'price' },
    { path: 'burn.conversation', kind: 'count' },
    { path: 'burn.tool_call', kind: 'count' },
    { path: 'burn.api_call', kind: 'count' },
    { path: 'burn.processing_minute', kind: 'count' },
    { path: 'burn.resolution', kind: 'count' },
    { path: 'toolBurn', kind: 'json' },
  ],
  base_plus_performance: [
    { path: 'baseFee', kind: 'price' },
    { path: 'perResolution', kind: 'price' },
    { path: 'perAssisted', kind: 'price' },
    { path: 'csatBonus.amount', kind: 'price' },
    { path: 'timeSaved.baselineMinutes', kind: 'decimal' },
    { path: 'timeSaved.pricePerHour', kind: 'price' },
    { path: 'escalationReduction.baselineRate', kind: 'decimal' },
    { path: 'escalationReduction.pricePerPoint', kind: 'price' },
    { path: 'escalationReduction.cap', kind: 'price' },
  ],
  tiered: [{ path: 'tiers', kind: 'json' }],
};

export function modelFields(model: Model): readonly FormField[] {
  return [...OWN[model], ...OUTCOME_RULE_FIELDS];
}
