/**
 * What the sidebar shows once the ticket is priced, derived without side effects from the
 * breakdown and what surrounds it: the plans the lines come from, what a pending resolution
 * adds, whether an agent can dispute, and the threshold the cost has reached.
 * @module
 */
import { DISPUTABLE_CODES, type Dispute } from '../../../api/disputes.js';
import { reachesThreshold } from '../../../pricing/budget/threshold.js';
import {
  type Breakdown,
  formatAmount,
  parseAmount,
  subtractMoney,
  type Timeline,
} from '../../../pricing/index.js';

export interface PlanGroup {
  readonly key: string;
  readonly name: string;
  readonly version: number;
  /** The stretches it was in force, as ISO instants (null: open-ended). */
  readonly inForce: readonly { from: string | null; to: string | null }[];
}

/** The plans a breakdown's lines come from, when there are two or more. */
export function planGroups(timeline: Timeline, breakdown: Breakdown): PlanGroup[] {
  const keys = breakdown.plans ?? [];
  if (keys.length < 2) return [];
  const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
  return keys.map((key) => {
    const plan = timeline.plans.find((p) => p.key === key)!;
    return {
      key,
      name: plan.plan.name,
      version: plan.plan.version,
      inForce: timeline.segments
        .filter((seg) => seg.plan.key === key)
        .map((seg) => ({ from: iso(seg.from), to: iso(seg.to) })),
    };
  });
}

/** Whether the breakdown charges an outcome (a line a dispute is about, with an amount). */
export function chargesOutcome(b: Breakdown): boolean {
  return b.lines.some((l) => DISPUTABLE_CODES.includes(l.code) && /[1-9]/.test(l.amount));
}

/** While pending: what the confirmed resolution adds (total − confirmed), else null. */
export function pendingAdds(b: Breakdown): string | null {
  if (!b.provisional) return null;
  // The breakdown may be the backend's, as JSON: its amounts are read back exactly.
  const total = parseAmount(b.total, b.currency);
  return formatAmount(subtractMoney(total, parseAmount(b.confirmedTotal, b.currency)));
}

/** With a backend, a charged outcome and no open dispute, an agent can dispute. */
export function canDispute(
  hasBackend: boolean,
  b: Breakdown,
  disputes: readonly Dispute[],
): boolean {
  return hasBackend && chargesOutcome(b) && !disputes.some((d) => d.status === 'open');
}

/** The `cost_threshold` the running cost has reached (provisional included), else null. */
export function overThreshold(b: Breakdown, threshold: string | null): string | null {
  return threshold !== null && reachesThreshold(b.total, threshold) ? threshold : null;
}
