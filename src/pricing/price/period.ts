/**
 * Prices a tenant's tickets over their periods together: the credit pool drains across every
 * ticket in event order, and the base fee is shared among the tickets that used AI. Periods are
 * calendar months (UTC unless a time zone is given); each has its own pool and its own fee.
 * @module
 */
import { pricePerformance, shareBaseFee } from '../models/base-plus-performance.js';
import {
  type Burn,
  creditBurns,
  creditLines,
  creditUnits,
  drainPool,
  type PoolUse,
} from '../models/credits.js';
import { type DraftLine, draft } from '../models/line.js';
import { minorUnits } from '../money/currency.js';
import { parseDecimal, pow10 } from '../money/decimal.js';
import type { BasePlusPerformanceBody, CreditsPlanBody, Plan } from '../schema/plan.js';
import { monthOf } from '../time.js';
import { linesAlone } from './alone.js';
import type { ResolvedTicket } from './resolve.js';

function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function creditPeriodLines(
  plan: CreditsPlanBody,
  tickets: readonly ResolvedTicket[],
  timeZone: string,
): Map<string, DraftLine[]> {
  const pool = creditUnits(plan.prepaidCredits);
  const burns: Burn[] = tickets.flatMap((t) => creditBurns(plan, t));
  const uses = new Map<string, PoolUse>();
  for (const periodBurns of groupBy(burns, (b) => monthOf(b.at, timeZone)).values()) {
    for (const [ticketId, use] of drainPool(pool, periodBurns)) {
      const sum = uses.get(ticketId) ?? { prepaid: 0n, overage: 0n };
      uses.set(ticketId, {
        prepaid: sum.prepaid + use.prepaid,
        overage: sum.overage + use.overage,
      });
    }
  }
  return new Map(
    tickets.map((t) => [t.facts.ticketId, creditLines(plan, uses.get(t.facts.ticketId))]),
  );
}

function performancePeriodLines(
  plan: BasePlusPerformanceBody,
  tickets: readonly ResolvedTicket[],
  minorDigits: number,
  timeZone: string,
): Map<string, DraftLine[]> {
  const fee = parseDecimal(plan.baseFee);
  // Validation guarantees the fee is a whole number of minor units (trailing zeros aside).
  const feeMinor =
    fee.scale <= minorDigits
      ? fee.units * pow10(minorDigits - fee.scale)
      : fee.units / pow10(fee.scale - minorDigits);
  const shares = new Map<string, bigint>();
  const usersByPeriod = new Map<string, Set<string>>();
  for (const t of tickets) {
    for (const u of t.facts.usage) {
      const period = monthOf(u.at, timeZone);
      let users = usersByPeriod.get(period);
      if (!users) {
        users = new Set();
        usersByPeriod.set(period, users);
      }
      users.add(t.facts.ticketId);
    }
  }
  for (const users of usersByPeriod.values()) {
    for (const [ticketId, share] of shareBaseFee(feeMinor, [...users])) {
      shares.set(ticketId, (shares.get(ticketId) ?? 0n) + share);
    }
  }
  return new Map(
    tickets.map((t) => {
      const lines = pricePerformance(plan, t);
      const share = shares.get(t.facts.ticketId);
      if (share !== undefined) {
        lines.push(draft('base_fee_share', 1n, { units: share, scale: minorDigits }));
      }
      return [t.facts.ticketId, lines];
    }),
  );
}

/** Each ticket's draft lines, in their order, priced together over their periods. */
export function periodLines(
  plan: Plan,
  tickets: readonly ResolvedTicket[],
  timeZone = 'UTC',
): DraftLine[][] {
  // Tiered plans price each ticket alone (a tier's pool and fee are its own ticket's), so the
  // shared period context applies only when the plan itself is credits or base + performance.
  let lines: Map<string, DraftLine[]> | null = null;
  if (plan.model === 'credits') {
    lines = creditPeriodLines(plan, tickets, timeZone);
  } else if (plan.model === 'base_plus_performance') {
    lines = performancePeriodLines(plan, tickets, minorUnits(plan.currency), timeZone);
  }
  return tickets.map((t) => lines?.get(t.facts.ticketId) ?? linesAlone(t));
}
