/**
 * The tiered model: the first tier whose conditions all hold prices the whole ticket, as its
 * ticket alone (a full pool, no base share); the tier is chosen once from the ticket's whole
 * activity at asOf, whichever plans were in force (spec section 8).
 * @module
 */
import type { TicketFacts } from '../activity/facts.js';
import type { UsageTotals } from '../activity/totals.js';
import { parseDecimal } from '../money/decimal.js';
import { compareRatio, fromDecimal, type Ratio, ratio } from '../money/ratio.js';
import type { OutcomeRules } from '../outcome/evaluate.js';
import type { TierCondition, TieredPlanBody } from '../schema/plan.js';
import type { DraftLine } from './line.js';
import type { PricingModel, RatedCharges } from './model.js';
import { MS_PER_MINUTE } from './usage.js';

export type Tier = TieredPlanBody['tiers'][number];
export type ConditionName = keyof TierCondition;

function atMost(value: bigint, max: number | undefined): boolean {
  // A BigInt compares with a number exactly, without making a BigInt of it.
  return max === undefined || value <= max;
}

function within(value: string | null | undefined, allowed: readonly string[] | undefined): boolean {
  return allowed === undefined || (value != null && allowed.includes(value));
}

/** The conditions in the order the schema lists them. */
const CONDITIONS: readonly ConditionName[] = [
  'maxToolCalls',
  'maxApiCalls',
  'maxConversations',
  'maxProcessingMinutes',
  'priorities',
  'channels',
  'anyTags',
];

const maxMinutes = new Map<number | string, Ratio>();

/** A tier's processing limit as an exact ratio, parsed once per limit. */
function minutesLimit(max: number | string): Ratio {
  let limit = maxMinutes.get(max);
  if (limit === undefined) {
    limit = fromDecimal(parseDecimal(String(max)));
    if (maxMinutes.size >= 10_000) maxMinutes.clear();
    maxMinutes.set(max, limit);
  }
  return limit;
}

/** Whether one condition (given in `when`) holds for the ticket. */
function holds(
  name: ConditionName,
  when: TierCondition,
  facts: TicketFacts,
  totals: UsageTotals,
): boolean {
  const { priority, channel, tags = [] } = facts.attributes;
  switch (name) {
    case 'maxToolCalls':
      return atMost(totals.toolCallCount, when.maxToolCalls);
    case 'maxApiCalls':
      return atMost(totals.apiCallCount, when.maxApiCalls);
    case 'maxConversations':
      return atMost(totals.conversations, when.maxConversations);
    case 'maxProcessingMinutes':
      return (
        compareRatio(
          ratio(totals.processingMs, MS_PER_MINUTE),
          minutesLimit(when.maxProcessingMinutes!),
        ) <= 0
      );
    case 'priorities':
      return within(priority, when.priorities);
    case 'channels':
      return within(channel, when.channels);
    case 'anyTags':
      return when.anyTags!.some((t) => tags.includes(t));
  }
}

/** Whether each condition given holds, in the order the schema lists them. */
export function conditionResults(
  when: TierCondition,
  facts: TicketFacts,
  totals: UsageTotals,
): { name: ConditionName; holds: boolean }[] {
  return CONDITIONS.filter((name) => when[name] !== undefined).map((name) => ({
    name,
    holds: holds(name, when, facts, totals),
  }));
}

/** Every condition given holds (no list is made: this runs once per ticket and tiered plan). */
export function tierMatches(when: TierCondition, facts: TicketFacts, totals: UsageTotals): boolean {
  for (const name of CONDITIONS) {
    if (when[name] !== undefined && !holds(name, when, facts, totals)) return false;
  }
  return true;
}

/**
 * The tier that prices this ticket: the first whose conditions all hold. Validation guarantees a
 * catch-all. Not cached: the engine chooses it once per ticket and plan, and a cache keyed by
 * ticket cost more (a map per ticket) than the few comparisons it saved.
 */
export function selectTier(plan: TieredPlanBody, facts: TicketFacts, totals: UsageTotals): Tier {
  for (const tier of plan.tiers) if (tierMatches(tier.when, facts, totals)) return tier;
  throw new Error('no tier matches; a validated tiered plan ends with a catch-all tier');
}

const rulesOfTier = new WeakMap<Tier, OutcomeRules>();

/** A tier keeps the plan's outcome rules unless it sets its own (one object per tier). */
export function tierRules(plan: TieredPlanBody, tier: Tier): OutcomeRules {
  let rules = rulesOfTier.get(tier);
  if (!rules) {
    rules = {
      confirmationWindowHours: tier.plan.confirmationWindowHours ?? plan.confirmationWindowHours,
      minCsat: tier.plan.minCsat ?? plan.minCsat,
      revokeOnLateReopen: tier.plan.revokeOnLateReopen ?? plan.revokeOnLateReopen,
    };
    rulesOfTier.set(tier, rules);
  }
  return rules;
}

/** Built by the registry, which knows every flat model (this module must not import it). */
export function tieredModel(
  price: (tier: Tier['plan']) => PricingModel<Tier['plan']>,
): PricingModel<TieredPlanBody> {
  return {
    model: 'tiered',
    ticketLines(plan, charges) {
      const tier = chosenTier(plan, charges);
      return price(tier.plan).ticketLines(tierBody(plan, tier), charges);
    },
    period(plan, context) {
      if (!plan.tiers.some((tier) => price(tier.plan).period)) return undefined;
      // A tier is priced as its ticket alone: a full pool, no base share, never prorated.
      const alone = { ...context, alone: true };
      const lines: (DraftLine[] | undefined)[] = [];
      return {
        add(charges) {
          const tier = chosenTier(plan, charges);
          const own = price(tier.plan).period?.(tierBody(plan, tier), alone);
          own?.add(charges);
          lines.push(own?.finish()[0]);
        },
        finish: () => lines,
      };
    },
    lineEvents(plan, charges) {
      const tier = chosenTier(plan, charges);
      return price(tier.plan).lineEvents?.(tierBody(plan, tier), charges) ?? new Map();
    },
  };
}

function chosenTier(plan: TieredPlanBody, charges: RatedCharges): Tier {
  return charges.tier ?? selectTier(plan, charges.facts, charges.ticketTotals);
}

const bodies = new WeakMap<Tier, Tier['plan']>();

/** The tier's body with the plan's outcome rules filled in where it sets none. */
function tierBody(plan: TieredPlanBody, tier: Tier): Tier['plan'] {
  let body = bodies.get(tier);
  if (!body) {
    const rules = tierRules(plan, tier);
    body = { ...tier.plan };
    for (const [k, v] of Object.entries(rules))
      if (v !== undefined) (body as Record<string, unknown>)[k] = v;
    bodies.set(tier, body);
  }
  return body;
}
