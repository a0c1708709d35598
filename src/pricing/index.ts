/**
 * The pricing core: pure functions from (plan, ticket activity, period, asOf) to breakdowns.
 * No I/O, no DOM, no Node-only APIs; it runs the same in the sidebar, the backend and the CLI.
 * @module
 */
export type { Conflict, TicketFacts, UsageFact } from './activity/facts.js';
export { toFacts } from './activity/facts.js';
export { toolsUsed, type UsageTotals, usageTotals } from './activity/totals.js';
export type { Breakdown, Line, TicketCost } from './breakdown.js';
export { PricingInputError } from './errors.js';
export {
  type Explanation,
  explainTicket,
  explainUnderPlan,
  type LineExplanation,
} from './explain/explain.js';
export { isCurrencyCode, minorUnits } from './money/currency.js';
export {
  DEFAULT_CONFIRMATION_WINDOW_HOURS,
  evaluateOutcome,
  OUTCOMES,
  type Outcome,
  type OutcomeResult,
  type OutcomeRules,
} from './outcome/evaluate.js';
export { parseActivity, parsePlan, parseTimeline } from './parse.js';
export {
  type OutcomeScenario,
  type PriceOptions,
  pricePeriod,
  pricePeriodOver,
  priceTicket,
  priceTicketOver,
  replayCosts,
  replayPlans,
} from './price/index.js';
export { type BreakEven, breakEven } from './report/break-even.js';
export { type Comparison, comparePlans, type PlanComparison } from './report/compare.js';
export { type Summary, summarize, toMinor } from './report/summary.js';
export {
  activitySchema,
  type LifecycleEvent,
  lifecycleEventSchema,
  METRICS,
  type Metric,
  STATUSES,
  type TicketActivity,
  type TicketAttributes,
  type TicketStatus,
  type UsageEvent,
  usageEventSchema,
} from './schema/activity.js';
export { describeIssues, type FieldIssue, toFieldIssues } from './schema/issues.js';
export { MODELS, type Model, type Plan, type PlanInput, planSchema } from './schema/plan.js';
export { formatInstant, parseInstant } from './time.js';
export {
  buildTimeline,
  type InForce,
  type PlanInForce,
  planAt,
  planKey,
  plansInForce,
  singlePlanTimeline,
  type Timeline,
} from './timeline/timeline.js';
