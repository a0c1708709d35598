/**
 * Headline figures from the backend's summary rows: their amounts read back exactly where the
 * JSON arrives, summed as money, with the core's one definition of the figures.
 * @module
 */
import type { SummaryRow } from '../../api/reports.js';
import {
  addTallies,
  emptyTally,
  parseAmount,
  type Tally,
  writtenFigures,
} from '../../pricing/index.js';

export type { SummaryRow };

export interface Headline {
  readonly currency: string;
  readonly confirmed: string;
  readonly provisional: string;
  readonly aiTickets: number;
  readonly aiResolutions: number;
  readonly assisted: number;
  readonly escalated: number;
  /** AI resolutions over tickets with AI, four decimals; null without AI. */
  readonly resolutionRate: string | null;
  readonly costPerResolution: string | null;
  readonly costPerResolvedTicket: string | null;
}

function tallyOf(row: SummaryRow, currency: string): Tally {
  return {
    currency,
    tickets: row.tickets,
    aiTickets: row.aiTickets,
    confirmed: parseAmount(row.totalCost, currency),
    provisional: parseAmount(row.provisionalCost, currency),
    aiResolutions: row.aiResolutions,
    assisted: row.assisted,
    escalated: row.escalated,
  };
}

export function headline(rows: readonly SummaryRow[], currency: string): Headline {
  const tally = rows
    .filter((row) => row.currency === currency)
    .reduce((sum, row) => addTallies(sum, tallyOf(row, currency)), emptyTally(currency));
  const written = writtenFigures(tally);
  return {
    currency,
    confirmed: written.totalCost,
    provisional: written.provisionalCost,
    aiTickets: tally.aiTickets,
    aiResolutions: tally.aiResolutions,
    assisted: tally.assisted,
    escalated: tally.escalated,
    resolutionRate: written.resolutionRate,
    costPerResolution: written.costPerResolution,
    costPerResolvedTicket: written.costPerResolvedTicket,
  };
}
