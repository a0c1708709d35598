/**
 * The outcome model: a price per AI resolution (provisional while it waits for confirmation)
 * and optionally per assisted ticket. Usage itself is free.
 * @module
 */
import type { OutcomePlanBody } from '../schema/plan.js';
import type { TicketContext } from './context.js';
import { type DraftLine, draft } from './line.js';

export function priceOutcome(plan: OutcomePlanBody, { outcome }: TicketContext): DraftLine[] {
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
}
