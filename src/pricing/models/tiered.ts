/**
 * The tiered model: the first tier whose conditions all hold prices the whole ticket.
 * @module
 */
import type { TicketFacts } from '../activity/facts.js';
import type { UsageTotals } from '../activity/totals.js';
import { parseDecimal } from '../money/decimal.js';
import { compareRatio, fromDecimal, ratio } from '../money/ratio.js';
import type { TierCondition, TieredPlanBody } from '../schema/plan.js';
import { MS_PER_MINUTE } from './usage.js';

type Tier = TieredPlanBody['tiers'][number];

function atMost(value: bigint, max: number | undefined): boolean {
  return max === undefined || value <= BigInt(max);
}

function within(value: string | null | undefined, allowed: readonly string[] | undefined): boolean {
  return allowed === undefined || (value != null && allowed.includes(value));
}

export function tierMatches(when: TierCondition, facts: TicketFacts, totals: UsageTotals): boolean {
  const { priority, channel, tags = [] } = facts.attributes;
  const minutes = ratio(totals.processingMs, MS_PER_MINUTE);
  return (
    atMost(totals.toolCallCount, when.maxToolCalls) &&
    atMost(totals.apiCallCount, when.maxApiCalls) &&
    atMost(totals.conversations, when.maxConversations) &&
    (when.maxProcessingMinutes === undefined ||
      compareRatio(minutes, fromDecimal(parseDecimal(String(when.maxProcessingMinutes)))) <= 0) &&
    within(priority, when.priorities) &&
    within(channel, when.channels) &&
    (when.anyTags === undefined || when.anyTags.some((t) => tags.includes(t)))
  );
}

/** The tier that prices this ticket. Validation guarantees a catch-all last tier. */
export function selectTier(plan: TieredPlanBody, facts: TicketFacts, totals: UsageTotals): Tier {
  const tier = plan.tiers.find((t) => tierMatches(t.when, facts, totals));
  if (!tier) throw new Error('no tier matches; a validated tiered plan ends with a catch-all tier');
  return tier;
}
