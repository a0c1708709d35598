/**
 * The report shapes the backend answers and the app reads: one definition for both sides of
 * the API (types and CSV columns only; no code that runs on either side).
 * @module
 */

/** One row of `GET /v1/reports/summary`: amounts are decimal strings in the row's currency. */
export interface SummaryRow {
  readonly key: string | null;
  readonly currency: string | null;
  readonly tickets: number;
  readonly aiTickets: number;
  /** Confirmed amounts only. */
  readonly totalCost: string;
  /** Charges that wait on a pending confirmation, kept apart. */
  readonly provisionalCost: string;
  readonly aiResolutions: number;
  readonly assisted: number;
  readonly escalated: number;
  readonly costPerResolution: string | null;
  readonly costPerResolvedTicket: string | null;
}

/** The columns of a summary, in the order its CSV files have them. */
export const SUMMARY_COLUMNS: readonly (keyof SummaryRow)[] = [
  'key',
  'currency',
  'tickets',
  'aiTickets',
  'totalCost',
  'provisionalCost',
  'aiResolutions',
  'assisted',
  'escalated',
  'costPerResolution',
  'costPerResolvedTicket',
];
