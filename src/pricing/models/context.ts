/**
 * What every pricing model reads about one ticket.
 * @module
 */
import type { TicketFacts } from '../activity/facts.js';
import type { UsageTotals } from '../activity/totals.js';
import type { OutcomeResult } from '../outcome/evaluate.js';

export interface TicketContext {
  readonly facts: TicketFacts;
  readonly totals: UsageTotals;
  readonly outcome: OutcomeResult;
}
