/**
 * The answer schemas of the routes the nav bar page calls, by route: the backend declares its
 * routes with these same schemas, and the page checks each answer against its route's. Only
 * the page's routes: the page and the sidebar share a chunk of zod and the core, so a schema
 * here that the page does not need would weigh on the sidebar too. (The sidebar's routes are
 * in ./sidebar.ts.)
 * @module
 */
import { alertsAnswerSchema, budgetsAnswerSchema, destinationAnswerSchema } from './budgets.js';
import { disputeAnswerSchema, periodDisputesSchema } from './disputes.js';
import {
  activatedSchema,
  activePlanSchema,
  planListSchema,
  previewSchema,
  savedPlanSchema,
} from './plans.js';
import {
  compareSchema,
  escalationRateSchema,
  outcomeMetricsSchema,
  summaryReportSchema,
  topTicketsSchema,
} from './reports.js';

/** `METHOD /path/{param}` → the schema of its 2xx JSON answer. */
export const NAV_ANSWERS = {
  'GET /v1/plans/active': activePlanSchema,
  'GET /v1/plans': planListSchema,
  'POST /v1/plans': savedPlanSchema,
  'POST /v1/plans/preview': previewSchema,
  'POST /v1/plans/{planId}/versions/{version}/activate': activatedSchema,
  'GET /v1/reports/summary': summaryReportSchema,
  'GET /v1/reports/top-tickets': topTicketsSchema,
  'GET /v1/reports/outcome-metrics': outcomeMetricsSchema,
  'GET /v1/reports/compare': compareSchema,
  'POST /v1/reports/compare': compareSchema,
  'GET /v1/baselines/escalation-rate': escalationRateSchema,
  'GET /v1/budgets': budgetsAnswerSchema,
  'PUT /v1/budgets': budgetsAnswerSchema,
  'PUT /v1/alerts/destination': destinationAnswerSchema,
  'GET /v1/alerts': alertsAnswerSchema,
  'GET /v1/disputes': periodDisputesSchema,
  'POST /v1/disputes/{disputeId}/decision': disputeAnswerSchema,
} as const;
