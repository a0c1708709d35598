/**
 * What the backend answers for why a ticket costs what it does (spec section 10).
 * @module
 */
import * as z from 'zod/mini';
import { OUTCOMES } from '../../pricing/outcome/evaluate.js';
import { breakdownSchema } from './breakdown.js';
import { decimalText, instantText, planKeyText } from './common.js';

const solveSchema = z.object({
  at: instantText,
  plan: planKeyText,
  windowHours: z.number(),
  confirmsAt: z.nullable(instantText),
  blockedBy: z.nullable(z.enum(['reopen', 'human'])),
  revoked: z.boolean(),
});

const lineExplanationSchema = z.object({
  plan: z.optional(planKeyText),
  code: z.string(),
  eventIds: z.array(z.string()),
  quantity: decimalText,
  unitPrice: decimalText,
  rateFrom: z.string(),
  /** Exact, or to 12 digits and marked with an ellipsis. */
  exactAmount: z.string(),
  amount: decimalText,
  rounded: z.boolean(),
  provisional: z.boolean(),
});

/** `GET /v1/tickets/:id/explanation` (spec section 10). */
export const explanationSchema = z.object({
  ticketId: z.string(),
  asOf: instantText,
  outcome: z.enum(OUTCOMES),
  rule: z.number().check(z.int(), z.minimum(1), z.maximum(6)),
  confirmationAt: z.nullable(instantText),
  humanInvolvedAt: z.nullable(instantText),
  humanInvolvedBy: z.nullable(z.enum(['human_reply', 'handoff'])),
  latestCsat: z.nullable(z.object({ score: z.enum(['good', 'bad']), at: instantText })),
  judgedBy: z.nullable(planKeyText),
  solves: z.array(solveSchema),
  reopens: z.array(instantText),
  next: z.union([
    z.object({ kind: z.literal('confirms'), at: instantText }),
    z.object({ kind: z.literal('none') }),
  ]),
  tier: z.nullable(
    z.object({
      name: z.string(),
      matched: z.array(z.string()),
      skipped: z.array(z.object({ name: z.string(), failed: z.string() })),
      plan: planKeyText,
    }),
  ),
  lines: z.array(lineExplanationSchema),
  total: decimalText,
  provisional: z.boolean(),
  breakdown: breakdownSchema,
});
