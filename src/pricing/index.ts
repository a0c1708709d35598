/**
 * The pricing core: pure functions from (plans in force over time, ticket activity, period,
 * asOf) to breakdowns and explanations. No I/O, no DOM, no Node-only APIs; it runs the same in
 * the sidebar, the backend and the CLI.
 *
 * - A **plan** is validated by `schema/` and identified by `id@version`; a **timeline**
 *   (`timeline/`) says which plan is in force when. One plan is a timeline of one activation.
 * - A **model** (`models/`) is one object in `models/registry.ts`: the lines of one ticket's
 *   charges rated under one plan version, and, for a model with period components (a pool, a
 *   fee), an accumulator of the version's periods (`PeriodPricing`) that keeps only what those
 *   need of each ticket and gives their lines once every ticket is in.
 * - The **engine** (`price/engine.ts`) prices ticket by ticket: it reads each ticket's facts once
 *   (`price/charges.ts`: its solves judged, its usage split by plan), prices them under every
 *   plan of the run, and lets them go before the next ticket; every entry point here is a thin
 *   call of it.
 * - **Money** is exact from the moment a price is parsed (`money/decimal.ts`): scaled integers
 *   and exact rationals. It is **rounded** in one place, when a line's amount is made
 *   (`models/line.ts`, half to even), and a fee is split in minor units (`money/allocate.ts`).
 * @module
 */
export type { Conflict, TicketFacts, UsageFact } from './activity/facts.js';
export { toFacts } from './activity/facts.js';
export { toolsUsed, type UsageTotals, usageTotals } from './activity/totals.js';
export type { Breakdown, Line, TicketCost } from './breakdown.js';
export { PricingInputError } from './errors.js';
// The explanation's code is imported from explain/explain.js itself, not re-exported here: the
// sidebar loads it after the cost is on screen, and a re-export would pull it into the bundle
// every page of the app loads first.
export type { Explanation, LineExplanation } from './explain/explain.js';
export type { FormField } from './models/model.js';
export { isCurrencyCode, minorUnits } from './money/currency.js';
export {
  addMoney,
  divideMoney,
  formatAmount,
  type Money,
  money,
  parseAmount,
  subtractMoney,
  zeroMoney,
} from './money/money.js';
export {
  DEFAULT_CONFIRMATION_WINDOW_HOURS,
  evaluateOutcome,
  OUTCOMES,
  type Outcome,
  type OutcomeResult,
  type OutcomeRules,
} from './outcome/evaluate.js';
export { parseActivity, parsePlan, parseTimeline, sameTerms } from './parse.js';
export {
  type OutcomeScenario,
  type PriceOptions,
  pricePeriod,
  pricePeriodOver,
  priceTicket,
  priceTicketOver,
  priceTicketWithCost,
  replayCosts,
  replayPlans,
} from './price/index.js';
export {
  BASELINE_DIGITS,
  type EscalationRateMeasure,
  type HandlingTimeMeasure,
  measureEscalationRate,
  measureHandlingMinutes,
} from './report/baselines.js';
export { type BreakEven, breakEven } from './report/break-even.js';
export { type Comparison, comparePlans, type PlanComparison } from './report/compare.js';
export {
  type CohortMetrics,
  type OutcomeMetrics,
  outcomeMetrics,
} from './report/outcome-metrics.js';
export { type Summary, summarize, summarizeCosts } from './report/summary.js';
export {
  addTallies,
  emptyTally,
  type Figures,
  figuresOf,
  type Tally,
  type WrittenFigures,
  writtenFigures,
} from './report/tally.js';
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
