/**
 * The replay's break-even, for reading: one row per pair of plans (where they cost the same,
 * which is cheaper below and above), and the plan in force against its cheapest alternative.
 * Plans are named by name and version, never by id; amounts compared as money.
 * @module
 */
import { parseAmount, subtractMoney } from '../../../pricing/index.js';

export interface ReplayPlan {
  readonly planId: string;
  readonly planVersion: number;
  readonly name: string;
  readonly currency: string;
  readonly totalCost: string;
  readonly aiResolutions: number;
  readonly costPerResolution: string | null;
}

export interface BreakEven {
  readonly planA: string;
  readonly planB: string;
  readonly resolutionRate: string | null;
  readonly cheaperAbove: string | null;
  readonly cheaperBelow: string | null;
}

export const refOf = (p: { planId: string; planVersion: number }) => `${p.planId}@${p.planVersion}`;

export interface PairRow {
  readonly a: ReplayPlan;
  readonly b: ReplayPlan;
  readonly rate: string | null;
  readonly below: ReplayPlan | null;
  readonly above: ReplayPlan | null;
}

export function pairRows(plans: readonly ReplayPlan[], pairs: readonly BreakEven[]): PairRow[] {
  const byRef = new Map(plans.map((p) => [refOf(p), p]));
  const plan = (ref: string | null) => (ref === null ? null : (byRef.get(ref) ?? null));
  return pairs.flatMap((pair) => {
    const a = plan(pair.planA);
    const b = plan(pair.planB);
    if (!a || !b) return [];
    // Without a crossing, one plan is cheaper at every rate: below and above alike.
    const above = plan(pair.resolutionRate === null ? pair.cheaperBelow : pair.cheaperAbove);
    return [{ a, b, rate: pair.resolutionRate, below: plan(pair.cheaperBelow), above }];
  });
}

export interface InForceVerdict {
  readonly inForce: ReplayPlan;
  readonly alternative: ReplayPlan;
  readonly pair: PairRow;
}

/** The plan in force against the cheapest other plan of the replay; null if it is not in it. */
export function inForceVerdict(
  plans: readonly ReplayPlan[],
  pairs: readonly BreakEven[],
  inForceRef: string | null,
): InForceVerdict | null {
  const inForce = plans.find((p) => refOf(p) === inForceRef);
  if (!inForce) return null;
  const cost = (p: ReplayPlan) => parseAmount(p.totalCost, p.currency);
  const alternative = plans
    .filter((p) => p !== inForce && p.currency === inForce.currency)
    .reduce<ReplayPlan | null>(
      (best, p) => (best === null || subtractMoney(cost(p), cost(best)).minor < 0n ? p : best),
      null,
    );
  if (!alternative) return null;
  const pair = pairRows(plans, pairs).find(
    (r) => (r.a === inForce && r.b === alternative) || (r.a === alternative && r.b === inForce),
  );
  return pair ? { inForce, alternative, pair } : null;
}
