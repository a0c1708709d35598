/**
 * A ticket's breakdown as the backend answers it: the lines, the totals, the outcome. Apart
 * from the other ticket answers, since the sidebar checks this and nothing else of them.
 * @module
 */
import * as z from 'zod/mini';
import { OUTCOMES } from '../../pricing/outcome/evaluate.js';
import { decimalText, instantText, planKeyText } from './common.js';

export const lineSchema = z.object({
  plan: z.optional(planKeyText),
  code: z.string(),
  quantity: decimalText,
  unitPrice: decimalText,
  amount: decimalText,
  provisional: z.boolean(),
});

export const breakdownSchema = z.object({
  ticketId: z.string(),
  planId: z.string(),
  planVersion: z.number().check(z.int()),
  currency: z.string(),
  asOf: instantText,
  outcome: z.enum(OUTCOMES),
  tier: z.nullable(z.string()),
  plans: z.optional(z.array(planKeyText)),
  provisional: z.boolean(),
  lines: z.array(lineSchema),
  total: decimalText,
  confirmedTotal: decimalText,
  confirmedAt: z.nullable(instantText),
  confirmsAt: z.nullable(instantText),
  decidedAt: z.nullable(instantText),
  tools: z.array(z.string()),
  conflicts: z.array(z.object({ id: z.string(), reason: z.string() })),
});
