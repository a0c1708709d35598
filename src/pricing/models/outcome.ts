/**
 * The outcome model: a price per AI resolution (provisional while it waits for confirmation)
 * and optionally per assisted ticket. Usage itself is free.
 * @module
 */
import type { OutcomePlanBody } from '../schema/plan.js';
import { type DraftLine, draft } from './line.js';
import type { PricingModel } from './model.js';

export const outcomeModel: PricingModel<OutcomePlanBody> = {
  model: 'outcome',
  ticketLines(plan, { outcome, ratesOutcome }): DraftLine[] {
    if (!ratesOutcome) return [];
    switch (outcome.outcome) {
      case 'ai_resolved':
        return [draft('resolution', 1n, plan.pricePerResolution)];
      case 'pending_confirmation':
        return [draft('resolution', 1n, plan.pricePerResolution, true)];
      case 'assisted':
        return [draft('assisted', 1n, plan.assistedPrice ?? '0')];
      default:
        return [];
    }
  },
};
