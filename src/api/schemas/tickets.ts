/**
 * What the backend answers about one ticket: its breakdown, its activity as the ledger holds
 * it, a sync's outcome, and why it costs what it does. The backend's routes declare these and
 * the app checks what it receives against them.
 * @module
 */
import * as z from 'zod/mini';
import { activitySchema } from '../../pricing/schema/activity.js';
import { breakdownSchema } from './breakdown.js';

/** The plan a ticket's breakdown names. */
export const planRefSchema = z.nullable(
  z.object({ id: z.string(), version: z.number().check(z.int()), name: z.string() }),
);

/** `GET /v1/tickets/:id`: the ticket as the ledger holds it, priced over the timeline. */
const ticketView = {
  ticketId: z.string(),
  revision: z.number().check(z.int()),
  activity: activitySchema,
  breakdown: z.nullable(breakdownSchema),
  plan: planRefSchema,
  pricingError: z.optional(z.string()),
};
export const ticketViewSchema = z.object(ticketView);

/** `PUT /v1/tickets/:id`: the stored ticket, whether this revision was applied, from where. */
export const syncResultSchema = z.object({
  ...ticketView,
  applied: z.boolean(),
  conflicts: z.array(z.object({ id: z.string(), reason: z.string() })),
  source: z.enum(['zendesk', 'browser']),
});

// The explanation's answer is a file of its own: the sidebar reads the other answers, not it.
export { explanationSchema } from './explanation.js';
