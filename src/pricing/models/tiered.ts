/**
 * The tiered model: the first tier whose conditions all hold prices the whole ticket, as its
 * ticket alone (a full pool, no base share); the tier is chosen once from the ticket's whole
 * activity at asOf, whichever plans were in force (spec section 8).
 * @module
 */
import type { TicketFacts } from '../activity/facts.js';
import type { UsageTotals } from '../activity/totals.js';
import { parseDecimal } from '../money/decimal.js';
import { compareRatio, fromDecimal, ratio } from '../money/ratio.js';
import type { OutcomeRules } from '../outcome/evaluate.js';
import type { TierCondition, TieredPlanBody } from '../schema/plan.js';
import type { PricingModel, RatedCharges } from './model.js';
import { MS_PER_MINUTE } from './usage.js';

export type Tier = TieredPlanBody['tiers'][number];
export type ConditionName = keyof TierCondition;

function atMost(value: bigint, max: number | undefined): boolean {
  return max === undefined || value <= BigInt(max);
}

function within(value: string | null | undefined, allowed: readonly string[] | undefined): boolean {
  return allowed === undefined || (value != null && allowed.includes(value));
}

/** Whether each condition given holds, in the order the schema lists them. */
export function conditionResults(
  when: TierCondition,
  facts: TicketFacts,
  totals: UsageTotals,
): { name: ConditionName; holds: boolean }[] {
  const { priority, channel, tags = [] } = facts.attributes;
  const checks: [ConditionName, () => boolean][] = [
    ['maxToolCalls', () => atMost(totals.toolCallCount, when.maxToolCalls)],
    ['maxApiCalls', () => atMost(totals.apiCallCount, when.maxApiCalls)],
    ['maxConversations', () => atMost(totals.conversations, when.maxConversations)],
    [
      'maxProcessingMinutes',
      () =>
        compareRatio(
          ratio(totals.processingMs, MS_PER_MINUTE),
          fromDecimal(parseDecimal(String(when.maxProcessingMinutes))),
        ) <= 0,
    ],
    ['priorities', () => within(priority, when.priorities)],
    ['channels', () => within(channel, when.channels)],
    ['anyTags', () => when.anyTags!.some((t) => tags.includes(t))],
  ];
  return checks
    .filter(([name]) => when[name] !== undefined)
    .map(([name, holds]) => ({ name, holds: holds() }));
}

export function tierMatches(when: TierCondition, facts: TicketFacts, totals: UsageTotals): boolean {
  return conditionResults(when, facts, totals).every((c) => c.holds);
}

const chosen = new WeakMap<TicketFacts, Map<TieredPlanBody, Tier>>();

/** The tier that prices this ticket (cached per ticket and plan). Validation guarantees a catch-all. */
export function selectTier(plan: TieredPlanBody, facts: TicketFacts, totals: UsageTotals): Tier {
  let byPlan = chosen.get(facts);
  if (!byPlan) {
    byPlan = new Map();
    chosen.set(facts, byPlan);
  }
  let tier = byPlan.get(plan);
  if (!tier) {
    tier = plan.tiers.find((t) => tierMatches(t.when, facts, totals));
    if (!tier)
      throw new Error('no tier matches; a validated tiered plan ends with a catch-all tier');
    byPlan.set(plan, tier);
  }
  return tier;
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
    periodLines(plan, tickets, context) {
      // A tier is priced as its ticket alone: a full pool, no base share, never prorated.
      const alone = { ...context, alone: true };
      return tickets.map((t) => {
        const tier = chosenTier(plan, t.charges);
        return price(tier.plan).periodLines?.(tierBody(plan, tier), [t], alone)[0];
      });
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
