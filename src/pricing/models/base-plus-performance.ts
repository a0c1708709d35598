/**
 * Base fee + performance: per resolution and per assisted ticket, a bonus for a good rating, a
 * fee for human time saved (spec section 9), the period's base fee shared among the tickets that
 * used AI, and a fee for escalating less than an agreed baseline, shared among the period's
 * cohort tickets that the AI kept from humans.
 * @module
 */
import { prorateMinor, shareEqually } from '../money/allocate.js';
import { type Decimal, parseDecimal, pow10 } from '../money/decimal.js';
import {
  compareRatio,
  fromDecimal,
  mulRatio,
  type Ratio,
  ratio,
  roundRatio,
  subRatio,
} from '../money/ratio.js';
import { DEFAULT_CONFIRMATION_WINDOW_HOURS } from '../outcome/evaluate.js';
import type { BasePlusPerformanceBody } from '../schema/plan.js';
import { HOUR_MS } from '../time.js';
import { type DraftLine, draft } from './line.js';
import type { PeriodContext, PeriodTicket, PricingModel, RatedCharges } from './model.js';

const MINUTES_PER_HOUR = 60n;
const SECONDS_PER_MINUTE = 60n;

/** Hours saved: max(0, baselineMinutes − human minutes) / 60, exact. */
export function hoursSaved(baselineMinutes: string, humanSeconds: number): Ratio {
  const baseline = fromDecimal(parseDecimal(baselineMinutes));
  const spent = ratio(BigInt(humanSeconds), SECONDS_PER_MINUTE);
  const saved = subRatio(baseline, spent);
  if (saved.num <= 0n) return ratio(0n);
  return ratio(saved.num, saved.den * MINUTES_PER_HOUR);
}

function outcomeLines(plan: BasePlusPerformanceBody, charges: RatedCharges): DraftLine[] {
  const { outcome, facts } = charges;
  if (!charges.ratesOutcome) return [];
  const pending = outcome.outcome === 'pending_confirmation';
  const lines: DraftLine[] = [];
  if (outcome.outcome === 'ai_resolved' || pending) {
    lines.push(draft('resolution', 1n, plan.perResolution, pending));
    if (plan.csatBonus && outcome.latestCsat === 'good') {
      lines.push(draft('csat_bonus', 1n, plan.csatBonus.amount, pending));
    }
  } else if (outcome.outcome === 'assisted') {
    lines.push(draft('assisted', 1n, plan.perAssisted ?? '0'));
  } else {
    return lines;
  }
  if (plan.timeSaved) {
    const hours = hoursSaved(plan.timeSaved.baselineMinutes, facts.history.humanSeconds);
    lines.push(draft('time_saved', hours, plan.timeSaved.pricePerHour, pending));
  }
  return lines;
}

/** The periods a ticket's usage falls in; most tickets' usage falls in one, and needs no set. */
function monthsOf(usage: RatedCharges['usage'], context: PeriodContext): Iterable<string> {
  if (usage.length === 0) return [];
  const first = context.monthOf(usage[0]!.at);
  let months: Set<string> | null = null;
  for (const u of usage) {
    const month = context.monthOf(u.at);
    if (month === first) continue;
    months ??= new Set([first]);
    months.add(month);
  }
  return months ?? [first];
}

/**
 * The base fee of each period, prorated and shared among the tickets with usage under it: each
 * ticket's share by its place in `tickets` (undefined for a ticket without usage).
 */
function baseFeeShares(
  plan: BasePlusPerformanceBody,
  tickets: readonly PeriodTicket[],
  context: PeriodContext,
): (bigint | undefined)[] {
  const fee = parseDecimal(plan.baseFee);
  const digits = context.minorDigits;
  // Validation guarantees the fee is a whole number of minor units (trailing zeros aside).
  const feeMinor =
    fee.scale <= digits
      ? fee.units * pow10(digits - fee.scale)
      : fee.units / pow10(fee.scale - digits);
  // Each period's users by their place in `tickets` (one period's list is most tickets).
  const usersByMonth = new Map<string, number[]>();
  for (let m = 0; m < tickets.length; m++) {
    for (const month of monthsOf(tickets[m]!.usage, context)) {
      const users = usersByMonth.get(month);
      if (users) users.push(m);
      else usersByMonth.set(month, [m]);
    }
  }
  const shares: (bigint | undefined)[] = new Array(tickets.length);
  for (const [month, users] of usersByMonth) {
    const monthFee = prorateMinor(feeMinor, context.fraction(month));
    const split = shareEqually(
      monthFee,
      users.map((m) => tickets[m]!.facts.ticketId),
    );
    for (let k = 0; k < users.length; k++) {
      const m = users[k]!;
      const before = shares[m];
      shares[m] = before === undefined ? split[k]! : before + split[k]!;
    }
  }
  return shares;
}

interface EscalationShare {
  readonly minor: bigint;
  readonly provisional: boolean;
}

/**
 * The escalation fee of each period's cohort (the tickets whose first usage event falls in the
 * period and is rated under this version): (baseline − E/N) × 100 × pricePerPoint, capped, rounded
 * once, shared among the cohort tickets not human-involved at D = min(asOf, period end + W).
 */
function escalationShares(
  plan: BasePlusPerformanceBody,
  tickets: readonly PeriodTicket[],
  context: PeriodContext,
): Map<string, EscalationShare> {
  const shares = new Map<string, EscalationShare>();
  const terms = plan.escalationReduction;
  if (!terms) return shares;
  const windowMs = (plan.confirmationWindowHours ?? DEFAULT_CONFIRMATION_WINDOW_HOURS) * HOUR_MS;
  const cohorts = new Map<string, PeriodTicket[]>();
  for (const t of tickets) {
    const first = t.facts.history.firstUsage;
    // The ticket belongs to the cohort of the version that rates its first usage event.
    if (!first || !t.usage.includes(first)) continue;
    const month = context.monthOf(first.at);
    const cohort = cohorts.get(month);
    if (cohort) cohort.push(t);
    else cohorts.set(month, [t]);
  }
  const baseline = fromDecimal(parseDecimal(terms.baselineRate));
  const pointPrice = fromDecimal(parseDecimal(terms.pricePerPoint));
  const cap = terms.cap === undefined ? null : fromDecimal(parseDecimal(terms.cap));
  for (const [month, cohort] of cohorts) {
    const deadline = context.bounds(month).end + windowMs;
    const d = Math.min(context.asOf, deadline);
    const kept = cohort.filter((t) => {
      const involved = t.facts.history.humanInvolvedAt;
      return involved === null || involved > d;
    });
    const rate = ratio(BigInt(cohort.length - kept.length), BigInt(cohort.length));
    const below = subRatio(baseline, rate);
    if (below.num <= 0n) continue;
    let fee = mulRatio(mulRatio(below, ratio(100n)), pointPrice);
    if (cap !== null && compareRatio(fee, cap) > 0) fee = cap;
    const feeMinor = roundRatio(fee, context.minorDigits);
    if (feeMinor === 0n) continue;
    const provisional = context.asOf < deadline;
    const split = shareEqually(
      feeMinor,
      kept.map((t) => t.facts.ticketId),
    );
    kept.forEach((t, k) => {
      shares.set(t.facts.ticketId, { minor: split[k]!, provisional });
    });
  }
  return shares;
}

export const basePlusPerformanceModel: PricingModel<BasePlusPerformanceBody> = {
  model: 'base_plus_performance',
  ticketLines: outcomeLines,
  periodLines(plan, tickets, context) {
    // A ticket priced alone shows neither share.
    if (context.alone) return [];
    // A period's shares take few values: one price object each, shared by its lines.
    const prices = new Map<bigint, Decimal>();
    const unit = (minor: bigint) => {
      let price = prices.get(minor);
      if (!price) {
        price = { units: minor, scale: context.minorDigits };
        prices.set(minor, price);
      }
      return price;
    };
    const base = baseFeeShares(plan, tickets, context);
    const escalation = escalationShares(plan, tickets, context);
    return tickets.map((t, m) => {
      const share = base[m];
      const esc = escalation.get(t.facts.ticketId);
      if (share === undefined && esc === undefined) return undefined;
      const own: DraftLine[] = [];
      if (share !== undefined) own.push(draft('base_fee_share', 1n, unit(share)));
      if (esc !== undefined) {
        own.push(draft('escalation_reduction_share', 1n, unit(esc.minor), esc.provisional));
      }
      return own;
    });
  },
};
