/**
 * The answer schemas of the routes the ticket sidebar calls, by route, as NAV_ANSWERS is for
 * the nav bar page: the backend declares these routes with the same schemas. Apart from the
 * page's, so the sidebar's chunk carries only its own.
 * @module
 */
import { disputeAnswerSchema, ticketDisputesSchema } from './disputes.js';
import { syncResultSchema, ticketViewSchema } from './tickets.js';
import { timelineAnswerSchema } from './timeline.js';

/** `METHOD /path/{param}` → the schema of its 2xx JSON answer. */
export const SIDEBAR_ANSWERS = {
  'GET /v1/plans/timeline': timelineAnswerSchema,
  'GET /v1/tickets/{ticketId}': ticketViewSchema,
  'PUT /v1/tickets/{ticketId}': syncResultSchema,
  'GET /v1/tickets/{ticketId}/disputes': ticketDisputesSchema,
  'POST /v1/tickets/{ticketId}/disputes': disputeAnswerSchema,
} as const;
