/**
 * What the backend answers about disputes: one, a ticket's, a period's.
 * @module
 */
import * as z from 'zod/mini';
import { DISPUTE_REASONS } from '../disputes.js';
import { decimalText, instantText } from './common.js';

const nullableText = z.nullable(z.string());

export const disputeSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  plans: z.array(z.string()),
  outcome: z.string(),
  currency: z.string(),
  amount: decimalText,
  reason: z.enum(DISPUTE_REASONS),
  note: nullableText,
  reportedBy: z.string(),
  reportedAt: instantText,
  status: z.enum(['open', 'accepted', 'rejected']),
  decidedBy: nullableText,
  decidedAt: z.nullable(instantText),
  vendorAnswer: nullableText,
});

export const disputeAnswerSchema = z.object({ dispute: disputeSchema });
export const ticketDisputesSchema = z.object({ disputes: z.array(disputeSchema) });
export const periodDisputesSchema = z.object({
  from: z.string(),
  to: z.string(),
  disputes: z.array(disputeSchema),
});
