/**
 * The small answers: ingest, webhooks, health, and every refusal.
 * @module
 */
import * as z from 'zod/mini';
import { count } from './common.js';

export const usageResultSchema = z.object({
  accepted: count,
  duplicates: count,
  conflicts: z.array(z.object({ id: z.string(), ticketId: z.string(), reason: z.string() })),
});

export const webhookResultSchema = z.object({
  result: z.enum(['applied', 'unchanged', 'unknown']),
});

export const healthSchema = z.object({
  status: z.literal('ok'),
  engine: z.enum(['pglite', 'postgres']),
});

/** Every 4xx: a code to branch on, a message for people, and the field at fault if any. */
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.optional(z.string()) }),
});
