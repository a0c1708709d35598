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
import type { PeriodContext, PeriodPricing, PricingModel, RatedCharges } from './model.js';

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

/** Appends `item` to the list of `key`. */
function file<K, T>(lists: Map<K, T[]>, key: K, item: T): void {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}

interface EscalationShare {
  readonly minor: bigint;
  readonly provisional: boolean;
}

/** A cohort ticket (spec section 9): its number, and when a human first took part (or null). */
interface CohortMember {
  readonly m: number;
  readonly humanInvolvedAt: number | null;
}

/**
 * The period lines of a version's tickets, in the order they are added: each period's base fee,
 * prorated and shared among the tickets with usage under it, and each period's escalation fee,
 * shared among its cohort's tickets that the AI kept from humans. Of each ticket, only its id,
 * the periods of its usage and its cohort are kept.
 */
class PeriodShares implements PeriodPricing {
  private readonly ticketIds: string[] = [];
  /** Each period's tickets with usage, by number. */
  private readonly usersByMonth = new Map<string, number[]>();
  /** Each period's cohort: the tickets whose first usage event falls in it, under this version. */
  private readonly cohorts = new Map<string, CohortMember[]>();

  constructor(
    private readonly plan: BasePlusPerformanceBody,
    private readonly context: PeriodContext,
  ) {}

  add(charges: RatedCharges): void {
    const m = this.ticketIds.length;
    const { facts, usage } = charges;
    this.ticketIds.push(facts.ticketId);
    for (const month of monthsOf(usage, this.context)) file(this.usersByMonth, month, m);
    const first = facts.history.firstUsage;
    // The ticket belongs to the cohort of the version that rates its first usage event.
    if (this.plan.escalationReduction && first && usage.includes(first)) {
      const { humanInvolvedAt } = facts.history;
      file(this.cohorts, this.context.monthOf(first.at), { m, humanInvolvedAt });
    }
  }

  /** Each ticket's share of its periods' base fees, by number (undefined without usage). */
  baseFeeShares(): (bigint | undefined)[] {
    const { context } = this;
    const fee = parseDecimal(this.plan.baseFee);
    const digits = context.minorDigits;
    // Validation guarantees the fee is a whole number of minor units (trailing zeros aside).
    const feeMinor =
      fee.scale <= digits
        ? fee.units * pow10(digits - fee.scale)
        : fee.units / pow10(fee.scale - digits);
    const shares: (bigint | undefined)[] = new Array(this.ticketIds.length);
    for (const [month, users] of this.usersByMonth) {
      const monthFee = prorateMinor(feeMinor, context.fraction(month));
      const split = shareEqually(
        monthFee,
        users.map((m) => this.ticketIds[m]!),
      );
      for (let k = 0; k < users.length; k++) {
        const m = users[k]!;
        const before = shares[m];
        shares[m] = before === undefined ? split[k]! : before + split[k]!;
      }
    }
    return shares;
  }

  /**
   * Each period's escalation fee: (baseline − E/N) × 100 × pricePerPoint, capped, rounded once,
   * shared among the cohort tickets not human-involved at D = min(asOf, period end + W).
   */
  escalationShares(): Map<number, EscalationShare> {
    const shares = new Map<number, EscalationShare>();
    const { plan, context } = this;
    const terms = plan.escalationReduction;
    if (!terms) return shares;
    const windowMs = (plan.confirmationWindowHours ?? DEFAULT_CONFIRMATION_WINDOW_HOURS) * HOUR_MS;
    const baseline = fromDecimal(parseDecimal(terms.baselineRate));
    const pointPrice = fromDecimal(parseDecimal(terms.pricePerPoint));
    const cap = terms.cap === undefined ? null : fromDecimal(parseDecimal(terms.cap));
    for (const [month, cohort] of this.cohorts) {
      const deadline = context.bounds(month).end + windowMs;
      const d = Math.min(context.asOf, deadline);
      const kept = cohort.filter((t) => t.humanInvolvedAt === null || t.humanInvolvedAt > d);
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
        kept.map((t) => this.ticketIds[t.m]!),
      );
      kept.forEach((t, k) => {
        shares.set(t.m, { minor: split[k]!, provisional });
      });
    }
    return shares;
  }

  finish(): (DraftLine[] | undefined)[] {
    // A period's shares take few values: one price object each, shared by its lines.
    const prices = new Map<bigint, Decimal>();
    const unit = (minor: bigint) => {
      let price = prices.get(minor);
      if (!price) {
        price = { units: minor, scale: this.context.minorDigits };
        prices.set(minor, price);
      }
      return price;
    };
    const base = this.baseFeeShares();
    const escalation = this.escalationShares();
    return this.ticketIds.map((_, m) => {
      const share = base[m];
      const esc = escalation.get(m);
      if (share === undefined && esc === undefined) return undefined;
      const own: DraftLine[] = [];
      if (share !== undefined) own.push(draft('base_fee_share', 1n, unit(share)));
      if (esc !== undefined) {
        own.push(draft('escalation_reduction_share', 1n, unit(esc.minor), esc.provisional));
      }
      return own;
    });
  }
}

export const basePlusPerformanceModel: PricingModel<BasePlusPerformanceBody> = {
  model: 'base_plus_performance',
  ticketLines: outcomeLines,
  // A ticket priced alone shows neither share.
  period: (plan, context) => (context.alone ? undefined : new PeriodShares(plan, context)),
};
