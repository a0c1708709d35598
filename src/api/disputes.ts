/**
 * Disputes of charged outcomes (issue 12): the shapes the backend answers and the app reads,
 * one definition for both sides (types, the reason list and CSV columns; no code that runs on
 * either side beyond constants).
 * @module
 */

/** Why an agent disputes a charge: a short list, so the vendor can answer by kind. */
export const DISPUTE_REASONS = [
  'not_resolved_by_ai',
  'resolved_by_human',
  'customer_unhappy',
  'duplicate',
  'other',
] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/** The lines that charge an outcome: the ones a dispute is about. */
export const DISPUTABLE_CODES: readonly string[] = [
  'resolution',
  'assisted',
  'csat_bonus',
  'time_saved',
];

export const MAX_DISPUTE_NOTE = 500;
export const MAX_VENDOR_ANSWER = 1000;

export type DisputeStatus = 'open' | 'accepted' | 'rejected';

export interface Dispute {
  readonly id: string;
  readonly ticketId: string;
  /** The plan versions (`id@version`) of the disputed lines. */
  readonly plans: readonly string[];
  readonly outcome: string;
  readonly currency: string;
  /** The disputed charge as the ledger priced it when the dispute was made (decimal string). */
  readonly amount: string;
  readonly reason: DisputeReason;
  readonly note: string | null;
  /** Who disputed: the Zendesk user the app's signed token names. */
  readonly reportedBy: string;
  readonly reportedAt: string;
  readonly status: DisputeStatus;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly vendorAnswer: string | null;
}

/** The columns of the disputes CSV, ready to send to the vendor. */
export const DISPUTE_COLUMNS: readonly (keyof Dispute)[] = [
  'id',
  'ticketId',
  'plans',
  'outcome',
  'currency',
  'amount',
  'reason',
  'note',
  'reportedBy',
  'reportedAt',
  'status',
  'decidedBy',
  'decidedAt',
  'vendorAnswer',
];
