/**
 * Prices one ticket with no period context: a full credit pool, no base fee share.
 * @module
 */
import { pricePerformance } from '../models/base-plus-performance.js';
import { creditBurns, creditLines, creditUnits, drainPool } from '../models/credits.js';
import type { DraftLine } from '../models/line.js';
import { priceOutcome } from '../models/outcome.js';
import { priceUsage } from '../models/usage.js';
import type { ResolvedTicket } from './resolve.js';

export function linesAlone(ticket: ResolvedTicket): DraftLine[] {
  const { body } = ticket;
  switch (body.model) {
    case 'usage':
      return priceUsage(body, ticket);
    case 'outcome':
      return priceOutcome(body, ticket);
    case 'credits': {
      const use = drainPool(creditUnits(body.prepaidCredits), creditBurns(body, ticket));
      return creditLines(body, use.get(ticket.facts.ticketId));
    }
    case 'base_plus_performance':
      return pricePerformance(body, ticket);
    default: {
      const unknown: never = body;
      throw new Error(`unknown model: ${JSON.stringify(unknown)}`);
    }
  }
}
