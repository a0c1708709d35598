/**
 * The parts of Zendesk's JSON this app reads, validated loosely (unknown fields pass through)
 * so that a change elsewhere in Zendesk's payloads never breaks the sidebar, while a malformed
 * value we depend on is caught instead of priced.
 * Sources: Support API "Ticket Audits" and the "Ticket Audit events reference".
 * @module
 */
import { z } from 'zod';

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

export const userSchema = z.looseObject({
  id,
  role: z.string().optional(),
});
export type ZendeskUser = z.infer<typeof userSchema>;

export const auditEventSchema = z.looseObject({
  id: id.optional(),
  type: z.string(),
  field_name: z.string().optional(),
  value: z.unknown().optional(),
  previous_value: z.unknown().optional(),
  public: z.boolean().optional(),
  author_id: id.optional().nullable(),
  score: z.unknown().optional(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditSchema = z.looseObject({
  id,
  ticket_id: id.optional(),
  created_at: z.string(),
  author_id: id.optional().nullable(),
  metadata: z.looseObject({ custom: z.unknown().optional() }).optional().nullable(),
  events: z.array(auditEventSchema),
});
export type Audit = z.infer<typeof auditSchema>;

export const auditsPageSchema = z.looseObject({
  audits: z.array(auditSchema),
  users: z.array(userSchema).optional(),
  next_page: z.string().nullable().optional(),
});
export type AuditsPage = z.infer<typeof auditsPageSchema>;

export const ticketSchema = z.looseObject({
  id,
  status: z.string(),
  priority: z.string().nullable().optional(),
  tags: z.array(z.string()).default([]),
  via: z
    .looseObject({ channel: z.union([z.string(), z.number()]).transform(String).optional() })
    .optional(),
  group_id: id.nullable().optional(),
  assignee_id: id.nullable().optional(),
  updated_at: z.string().optional(),
});
export type ZendeskTicket = z.infer<typeof ticketSchema>;
