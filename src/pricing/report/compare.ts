/**
 * Plan comparison: the same tickets priced under several plans, side by side, with the
 * break-even between each pair.
 * @module
 */
import type { Breakdown, TicketCost } from '../breakdown.js';
import { PricingInputError } from '../errors.js';
import { minorUnits } from '../money/currency.js';
import { formatFixed } from '../money/decimal.js';
import { replayCosts, replayWithCosts } from '../price/index.js';
import { type PriceOptions, resolveAsOf } from '../price/options.js';
import type { TicketActivity } from '../schema/activity.js';
import type { Plan } from '../schema/plan.js';
import { formatInstant } from '../time.js';
import { type BreakEven, breakEven, type CostLine } from './break-even.js';
import { type Summary, summarizeCosts } from './summary.js';
import { emptyTally, figuresOf } from './tally.js';

export interface PlanComparison extends Summary {
  readonly planId: string;
  readonly planVersion: number;
  readonly name: string;
  readonly model: Plan['model'];
  readonly breakdowns: readonly Breakdown[];
  /** Each ticket's exact cost, in the order of the breakdowns. */
  readonly costs: readonly TicketCost[];
}

export interface Comparison {
  readonly asOf: string;
  readonly currency: string;
  readonly tickets: number;
  readonly aiTickets: number;
  /** aiResolutions / aiTickets under the first plan's rules, four decimals; null without AI. */
  readonly resolutionRate: string | null;
  readonly plans: readonly PlanComparison[];
  /** One entry per pair of plans, in the order given. */
  readonly breakEven: readonly BreakEven[];
  /**
   * Each plan's confirmed cost if the AI had resolved none of its tickets, and all of them:
   * the two ends of the straight line the break-even rates are read from.
   */
  readonly costLines: readonly { planId: string; noneResolved: string; allResolved: string }[];
}

function confirmedMinor(costs: readonly TicketCost[]): bigint {
  return costs.reduce((sum, c) => sum + c.confirmedMinor, 0n);
}

export function comparePlans(
  plans: readonly Plan[],
  activities: readonly TicketActivity[],
  options: PriceOptions = {},
): Comparison {
  const first = plans[0];
  if (!first)
    throw new PricingInputError('plans', [{ field: 'plans', message: 'give at least one plan' }]);
  const mixed = plans.findIndex((p) => p.currency !== first.currency);
  if (mixed >= 0) {
    throw new PricingInputError('plans', [
      {
        field: `[${mixed}].currency`,
        message: `plans compared side by side must share one currency (${first.currency})`,
      },
    ]);
  }
  const minorDigits = minorUnits(first.currency);
  // Every replay must see the same instant, so "now" is read once.
  const asOf = resolveAsOf(options.asOf);
  options = { ...options, asOf: new Date(asOf) };
  const replays = replayWithCosts(plans, activities, options);
  // The break-even needs only totals: as if the AI had resolved none, then all of its tickets.
  const whatIf = replayCosts(plans, activities, options, ['none_resolved', 'all_resolved']);
  const compared = plans.map((plan, i): PlanComparison => {
    const { breakdowns, costs } = replays[i]!;
    return {
      planId: plan.id,
      planVersion: plan.version,
      name: plan.name,
      model: plan.model,
      ...summarizeCosts(costs, plan.currency),
      breakdowns,
      costs,
    };
  });
  const lines: CostLine[] = plans.map((plan, i) => ({
    planId: `${plan.id}@${plan.version}`,
    noneResolved: confirmedMinor(whatIf[2 * i]!),
    allResolved: confirmedMinor(whatIf[2 * i + 1]!),
  }));
  const pairs: BreakEven[] = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) pairs.push(breakEven(lines[i]!, lines[j]!));
  }
  const head = compared[0]!;
  return {
    asOf: formatInstant(asOf),
    currency: first.currency,
    tickets: head.tickets,
    aiTickets: head.aiTickets,
    resolutionRate: figuresOf({
      ...emptyTally(first.currency),
      aiTickets: head.aiTickets,
      aiResolutions: head.aiResolutions,
    }).resolutionRate,
    plans: compared,
    breakEven: pairs,
    costLines: lines.map((l) => ({
      planId: l.planId,
      noneResolved: formatFixed(l.noneResolved, minorDigits),
      allResolved: formatFixed(l.allResolved, minorDigits),
    })),
  };
}
