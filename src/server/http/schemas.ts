/**
 * The API's request bodies and queries. The same schemas validate requests and generate the
 * OpenAPI document, so the two cannot drift apart; the answers' schemas are in `src/api/schemas`,
 * shared with the app, which checks what it receives against them.
 * @module
 */
import * as z from 'zod';
import { DISPUTE_REASONS, MAX_DISPUTE_NOTE, MAX_VENDOR_ANSWER } from '../../api/disputes.js';
import { activitySchema } from '../../pricing/index.js';
import { ticketIdSchema, usageEventVariants } from '../../pricing/schema/activity.js';
import {
  activityIssues,
  type BoundIssue,
  INSTANT_RANGE_MESSAGE,
  inInstantRange,
  usageEventIssues,
} from './bounds.js';

export const MAX_BATCH = 1000;

/** One posted event: a usage event of the core, plus the ticket it belongs to. */
const withTicket = { ticketId: ticketIdSchema };
const [conversation, processing, toolCall, apiCall] = usageEventVariants;
export const postedEventSchema = z.discriminatedUnion(
  'metric',
  [
    z.strictObject({ ...conversation.shape, ...withTicket }),
    z.strictObject({ ...processing.shape, ...withTicket }),
    z.strictObject({ ...toolCall.shape, ...withTicket }),
    z.strictObject({ ...apiCall.shape, ...withTicket }),
  ],
  { error: 'expected metric to be one of conversation, tool_call, api_call, processing_ms' },
);
export type PostedEvent = z.infer<typeof postedEventSchema>;

/** Adds the bounds' issues to a parse, each at its own path. */
const bounded =
  <T>(issuesOf: (value: T) => BoundIssue[]) =>
  (value: T, ctx: z.RefinementCtx) => {
    for (const issue of issuesOf(value))
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  };

export const usageBatchSchema = z
  .strictObject({
    events: z
      .array(postedEventSchema, { error: 'expected an array of events' })
      .min(1, { error: 'send at least one event' })
      .max(MAX_BATCH, { error: `at most ${MAX_BATCH} events per batch` }),
  })
  .superRefine(
    bounded((batch) => batch.events.flatMap((e, i) => usageEventIssues(e, ['events', i]))),
  );

export const ticketSyncSchema = z
  .strictObject({
    revision: z
      .number({ error: 'expected a revision number' })
      .int({ error: 'expected an integer revision' })
      .positive({ error: 'expected a positive revision' })
      .max(Number.MAX_SAFE_INTEGER),
    activity: activitySchema,
  })
  .superRefine(bounded((sync) => activityIssues(sync.activity, ['activity'])));

const isoDateTime = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 date-time with offset',
});
/** An ISO 8601 instant with an offset, within the years the ledger stores. */
export const boundedDateTime = isoDateTime.refine((s) => inInstantRange(s), {
  error: INSTANT_RANGE_MESSAGE,
});
/** The end of a period, which may be the end of the range (2101-01-01T00:00:00Z). */
const periodEnd = isoDateTime.refine((s) => inInstantRange(s, true), {
  error: INSTANT_RANGE_MESSAGE,
});

export const planBodySchema = z.strictObject({ plan: z.unknown() });

export const activationSchema = z.strictObject({
  effectiveFrom: boundedDateTime.optional(),
  /**
   * Ignored: who activated is what Zendesk vouches for, never the browser's word. Accepted so
   * that an app deployed before this change still activates.
   */
  activatedBy: z.string().max(200).optional(),
});

export const previewSchema = z.strictObject({
  plan: z.unknown(),
  days: z.number().int().min(1).max(366).default(30),
});

/** The most unsaved plans (a vendor's published price, a draft) one comparison replays. */
export const MAX_UNSAVED_PLANS = 5;

/**
 * A comparison with plans that are not saved on this account: a period, and the plans' bodies
 * (checked by the core's schema in the route, which names the field of the first issue).
 */
export const compareBodySchema = z.strictObject({
  from: boundedDateTime,
  to: periodEnd,
  plans: z
    .array(z.unknown())
    .min(1, { error: 'expected at least one plan' })
    .max(MAX_UNSAVED_PLANS, { error: `at most ${MAX_UNSAVED_PLANS} plans` }),
});

export const reportQuerySchema = z.strictObject({
  from: boundedDateTime,
  to: periodEnd,
  groupBy: z
    .enum(['day', 'week', 'month', 'group', 'agent', 'tool', 'tier', 'channel', 'outcome'])
    .default('day'),
  limit: z.coerce.number().int().min(1).max(1000).default(20),
});

/** Free text a person types: trimmed, empty as none, bounded. */
const freeText = (max: number) =>
  z
    .string({ error: 'expected text' })
    .max(max, { error: `at most ${max} characters` })
    .nullable()
    .optional()
    .transform((s) => (s?.trim() ? s.trim() : null));

export const disputeBodySchema = z.strictObject({
  reason: z.enum(DISPUTE_REASONS, {
    error: `expected reason to be one of ${DISPUTE_REASONS.join(', ')}`,
  }),
  note: freeText(MAX_DISPUTE_NOTE),
});

export const disputeQuerySchema = z.strictObject({ from: boundedDateTime, to: periodEnd });

export const disputeDecisionSchema = z.strictObject({
  decision: z.enum(['accepted', 'rejected'], {
    error: 'expected decision "accepted" or "rejected"',
  }),
  answer: freeText(MAX_VENDOR_ANSWER),
});
