/**
 * Ticket activity, the input of pricing (spec section 2).
 * @module
 */
import * as z from 'zod/mini';
import { instantString, nonNegativeInteger, toolSlug } from './common.js';

export const METRICS = ['conversation', 'tool_call', 'api_call', 'processing_ms'] as const;
export type Metric = (typeof METRICS)[number];

export const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof STATUSES)[number];

const eventId = z
  .string({ error: 'expected an event id string' })
  .check(
    z.minLength(1, { error: 'an event id may not be empty' }),
    z.maxLength(256, { error: 'an event id has at most 256 characters' }),
  );

const common = { id: eventId, at: instantString, quantity: nonNegativeInteger };

/** `tool` is required for tool and API calls, and forbidden for the other metrics. */
/** One object schema per metric; the backend extends them with the ticket id. */
export const usageEventVariants = [
  z.strictObject({ ...common, metric: z.literal('conversation') }),
  z.strictObject({ ...common, metric: z.literal('processing_ms') }),
  z.strictObject({ ...common, metric: z.literal('tool_call'), tool: toolSlug }),
  z.strictObject({ ...common, metric: z.literal('api_call'), tool: toolSlug }),
] as const;

export const usageEventSchema = z.discriminatedUnion('metric', [...usageEventVariants], {
  error: `expected metric to be one of ${METRICS.join(', ')}`,
});
export type UsageEvent = z.infer<typeof usageEventSchema>;

export const lifecycleEventSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      at: instantString,
      type: z.literal('status'),
      status: z.enum(STATUSES, { error: `expected status to be one of ${STATUSES.join(', ')}` }),
    }),
    z.strictObject({ at: instantString, type: z.literal('human_reply') }),
    z.strictObject({ at: instantString, type: z.literal('handoff') }),
    z.strictObject({
      at: instantString,
      type: z.literal('csat'),
      score: z.enum(['good', 'bad'], { error: 'expected score "good" or "bad"' }),
    }),
    // The ticket's total human handling time so far (Zendesk's Time Tracking field).
    z.strictObject({
      at: instantString,
      type: z.literal('human_time'),
      totalSeconds: nonNegativeInteger,
    }),
  ],
  { error: 'expected type to be one of status, human_reply, handoff, csat, human_time' },
);
export type LifecycleEvent = z.infer<typeof lifecycleEventSchema>;

const label = z.string().check(z.minLength(1), z.maxLength(256));
const optionalLabel = z.optional(z.nullable(label));

/**
 * What tier conditions and reports look at. `group`, `agent` and `brand` are optional
 * report dimensions a sync may add.
 */
export const attributesSchema = z.strictObject({
  priority: optionalLabel,
  channel: optionalLabel,
  tags: z.optional(z.array(label).check(z.maxLength(1000))),
  group: optionalLabel,
  agent: optionalLabel,
});
export type TicketAttributes = z.infer<typeof attributesSchema>;

export const ticketIdSchema = z
  .string({ error: 'expected the ticket id as a string, such as "4711"' })
  .check(
    z.regex(/^[A-Za-z0-9_-]{1,64}$/, {
      error: 'expected 1 to 64 characters A-Z, a-z, 0-9, - and _',
    }),
  );

export const activitySchema = z.strictObject({
  ticketId: ticketIdSchema,
  usage: z.array(usageEventSchema, { error: 'expected an array of usage events' }),
  lifecycle: z.array(lifecycleEventSchema, { error: 'expected an array of lifecycle events' }),
  attributes: z.optional(attributesSchema),
});
export type TicketActivity = z.infer<typeof activitySchema>;
