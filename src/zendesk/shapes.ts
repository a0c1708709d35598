/**
 * The parts of Zendesk's JSON this app reads, validated loosely (unknown fields pass through)
 * so that a change elsewhere in Zendesk's payloads never breaks the sidebar, while a malformed
 * value we depend on is caught instead of priced.
 * Sources: Support API "Ticket Audits" and the "Ticket Audit events reference".
 * @module
 */
import * as z from 'zod/mini';

const id = z.pipe(
  z.union([z.int(), z.string().check(z.regex(/^\d+$/))]),
  z.transform((v: number | string) => String(v)),
);

export const userSchema = z.looseObject({
  id,
  role: z.optional(z.string()),
});
export type ZendeskUser = z.infer<typeof userSchema>;

export const auditEventSchema = z.looseObject({
  id: z.optional(id),
  type: z.string(),
  field_name: z.optional(z.string()),
  value: z.optional(z.unknown()),
  previous_value: z.optional(z.unknown()),
  public: z.optional(z.boolean()),
  author_id: z.nullable(z.optional(id)),
  score: z.optional(z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditSchema = z.looseObject({
  id,
  ticket_id: z.optional(id),
  created_at: z.string(),
  author_id: z.nullable(z.optional(id)),
  metadata: z.nullable(z.optional(z.looseObject({ custom: z.optional(z.unknown()) }))),
  events: z.array(auditEventSchema),
});
export type Audit = z.infer<typeof auditSchema>;

export const auditsPageSchema = z.looseObject({
  audits: z.array(auditSchema),
  users: z.optional(z.array(userSchema)),
  next_page: z.optional(z.nullable(z.string())),
});
export type AuditsPage = z.infer<typeof auditsPageSchema>;

export const ticketSchema = z.looseObject({
  id,
  status: z.string(),
  priority: z.optional(z.nullable(z.string())),
  tags: z._default(z.array(z.string()), []),
  via: z.optional(
    z.looseObject({
      channel: z.optional(
        z.pipe(
          z.union([z.string(), z.number()]),
          z.transform((v: string | number) => String(v)),
        ),
      ),
    }),
  ),
  group_id: z.optional(z.nullable(id)),
  assignee_id: z.optional(z.nullable(id)),
  updated_at: z.optional(z.string()),
});
export type ZendeskTicket = z.infer<typeof ticketSchema>;
