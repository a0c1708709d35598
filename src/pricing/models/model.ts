/**
 * What a pricing model is: one object per model in `models/`, listed once in `registry.ts`.
 *
 * A model prices the charges of one ticket that are rated under one plan version: the usage
 * events whose instant falls where the version is in force, and the outcome's charges when the
 * solve they rest on does (spec section 8). Period components (a credit pool, a base fee, an
 * escalation fee) are priced over all the tickets of a version's periods at once.
 * @module
 */
import type { TicketFacts, UsageFact } from '../activity/facts.js';
import type { UsageTotals } from '../activity/totals.js';
import type { Ratio } from '../money/ratio.js';
import type { OutcomeResult } from '../outcome/evaluate.js';
import type { FlatPlanBody, TieredPlanBody } from '../schema/plan.js';
import type { DraftLine } from './line.js';
import type { Tier } from './tiered.js';

/** One ticket's charges rated under one plan version. */
export interface RatedCharges {
  /** The whole ticket at asOf. */
  readonly facts: TicketFacts;
  /** The usage events rated under this version, and their totals. */
  readonly usage: readonly UsageFact[];
  readonly totals: UsageTotals;
  /** The totals of the whole ticket, whatever the plans: what tier conditions test. */
  readonly ticketTotals: UsageTotals;
  /** The ticket's outcome (as every plan of the timeline judged it). */
  readonly outcome: OutcomeResult;
  /** True when this version rates the outcome's charges (it was in force at their solve). */
  readonly ratesOutcome: boolean;
  /** For a tiered version: the tier it chose, once, from the whole ticket. */
  readonly tier: Tier | null;
}

/** What period pricing knows of the version and its periods. */
export interface PeriodContext {
  /** Priced alone: a full pool per version, no base fee share, no escalation share. */
  readonly alone: boolean;
  readonly asOf: number;
  readonly timeZone: string;
  readonly minorDigits: number;
  /** The period (`"2026-11"`) an instant falls in. */
  monthOf(ms: number): string;
  /** The period's bounds [start, end). */
  bounds(month: string): { start: number; end: number };
  /** The fraction of the period in which this version is in force (1 for a single plan). */
  fraction(month: string): Ratio;
  /** When tracing for an explanation: records which usage events a line sums. */
  readonly trace: LineTrace | null;
}

/** Usage event ids per ticket and line code, filled only when explaining. */
export type LineTrace = Map<string, Map<string, Set<string>>>;

/**
 * A version's periods being priced: the engine adds each ticket's charges under the version as it
 * prices the ticket, and asks for the period lines once every ticket is in. An accumulator keeps
 * only what its periods need of each ticket (a burn sum, a month, an instant), so that a replay
 * need not hold every ticket's facts until the last one is priced.
 */
export interface PeriodPricing {
  /** Takes a ticket's charges; tickets are numbered from 0 in the order they are added. */
  add(charges: RatedCharges): void;
  /** Each added ticket's period lines, by number (undefined for none). Called once, at the end. */
  finish(): (DraftLine[] | undefined)[];
}

/** A field of a plan as a form edits it; the form's labels come from the app's translations. */
export interface FormField {
  /** The path in the plan, dotted: `rates.conversation`. */
  readonly path: string;
  readonly kind: 'price' | 'count' | 'decimal' | 'hours' | 'json' | 'boolean' | 'choice';
  /** For a choice: the values it offers (an empty value leaves the field out). */
  readonly choices?: readonly string[];
}

/** The outcome rules every model has (spec section 4), after the model's own fields. */
export const OUTCOME_RULE_FIELDS: readonly FormField[] = [
  { path: 'confirmationWindowHours', kind: 'hours' },
  { path: 'minCsat', kind: 'choice', choices: ['good'] },
  { path: 'revokeOnLateReopen', kind: 'boolean' },
];

export interface PricingModel<B extends FlatPlanBody | TieredPlanBody> {
  readonly model: B['model'];
  /** The lines of one ticket that need no other ticket, in display order. */
  ticketLines(body: B, charges: RatedCharges): DraftLine[];
  /**
   * The pricing of the version's periods (pool, base fee, escalation fee): one accumulator per
   * version and pricing run, or undefined when this version has no period components (then each
   * ticket is finished as soon as it is priced).
   */
  period?(body: B, context: PeriodContext): PeriodPricing | undefined;
  /** For an explanation: the usage events each of `ticketLines`' lines sums, by line code. */
  lineEvents?(body: B, charges: RatedCharges): Map<string, string[]>;
}

export function traceEvent(trace: LineTrace | null, ticketId: string, code: string, id: string) {
  if (!trace) return;
  let byCode = trace.get(ticketId);
  if (!byCode) {
    byCode = new Map();
    trace.set(ticketId, byCode);
  }
  let ids = byCode.get(code);
  if (!ids) {
    ids = new Set();
    byCode.set(code, ids);
  }
  ids.add(id);
}
