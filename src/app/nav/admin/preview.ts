/**
 * What the admin's preview says, from the backend's answer: the draft's cost beside the plan in
 * force over the same tickets, the difference and its direction, where the two cross (the
 * break-even AI resolution rate) and which is cheaper beyond it, and the tickets whose cost
 * changes most. Amounts stay decimal strings; differences are exact money.
 * @module
 */
import { formatAmount, parseAmount, subtractMoney } from '../../../pricing/index.js';

export interface PreviewPlan {
  readonly planId: string;
  readonly planVersion: number;
  readonly name: string;
  readonly currency: string;
  readonly totalCost: string;
  readonly costPerResolution: string | null;
}

export interface PreviewAnswer {
  readonly days: number;
  readonly resolutionRate: string | null;
  /** The plan in force first (when there is one), the draft last. */
  readonly plans: readonly PreviewPlan[];
  readonly breakEven: readonly { resolutionRate: string | null }[];
  readonly costLines: readonly { noneResolved: string; allResolved: string }[];
  readonly differences?: readonly { ticketId: string; amounts: readonly [string, string] }[];
}

export type Side = 'inForce' | 'draft';

export interface Verdict {
  readonly inForce: PreviewPlan;
  readonly draft: PreviewPlan;
  /** Draft minus plan in force, exact; its sign says which way. */
  readonly difference: string;
  readonly direction: 'more' | 'less' | 'same';
  readonly actualRate: string | null;
  /** Null when the two never cost the same: then `cheaper` is cheaper at every rate. */
  readonly breakEvenRate: string | null;
  readonly cheaperAbove: Side | null;
  readonly cheaper: Side | null;
  readonly changes: readonly { ticketId: string; before: string; after: string; change: string }[];
}

const sign = (a: string, b: string, currency: string) =>
  subtractMoney(parseAmount(a, currency), parseAmount(b, currency)).minor;

/** Which side is cheaper where their cost lines are `a` (in force) and `b` (draft). */
const cheaperOf = (a: string, b: string, currency: string): Side | null => {
  const d = sign(b, a, currency);
  return d < 0n ? 'draft' : d > 0n ? 'inForce' : null;
};

/** Null without a plan in force: nothing to compare the draft with. */
export function verdictOf(answer: PreviewAnswer): Verdict | null {
  const [inForce, draft] = answer.plans;
  const [lineA, lineB] = answer.costLines;
  if (!inForce || !draft || !lineA || !lineB) return null;
  const currency = draft.currency;
  const money = (text: string) => parseAmount(text, currency);
  const difference = subtractMoney(money(draft.totalCost), money(inForce.totalCost));
  const rate = answer.breakEven[0]?.resolutionRate ?? null;
  return {
    inForce,
    draft,
    difference: formatAmount(difference),
    direction: difference.minor > 0n ? 'more' : difference.minor < 0n ? 'less' : 'same',
    actualRate: answer.resolutionRate,
    breakEvenRate: rate,
    // Lines cross once: above the crossing the one cheaper with every ticket resolved wins.
    cheaperAbove: rate === null ? null : cheaperOf(lineA.allResolved, lineB.allResolved, currency),
    cheaper:
      rate === null
        ? (cheaperOf(lineA.noneResolved, lineB.noneResolved, currency) ??
          cheaperOf(lineA.allResolved, lineB.allResolved, currency))
        : null,
    changes: (answer.differences ?? []).map((d) => ({
      ticketId: d.ticketId,
      before: d.amounts[0],
      after: d.amounts[1],
      change: formatAmount(subtractMoney(money(d.amounts[1]), money(d.amounts[0]))),
    })),
  };
}
