/**
 * Plans in force over time (spec section 8). A timeline is a tenant's activations ordered by
 * instant; the plan in force at t is the last one activated at or before t, and before the first
 * activation the first plan is in force. A single plan is a timeline of one activation.
 * @module
 */
import type { Plan } from '../schema/plan.js';

/** A plan version as the timeline knows it: `id@version`, with its place in first-activation order. */
export interface PlanInForce {
  readonly key: string;
  readonly plan: Plan;
  /** Its rank by first activation (by instant, ties in listing order). */
  readonly rank: number;
}

/** A stretch of time with one plan in force: [from, to). */
export interface Segment {
  readonly from: number;
  readonly to: number;
  readonly plan: PlanInForce;
}

export interface Timeline {
  /** Every plan of the timeline, in first-activation order (one entry per `id@version`). */
  readonly plans: readonly PlanInForce[];
  /** In time order, covering all time: the first starts at -Infinity, the last ends at Infinity. */
  readonly segments: readonly Segment[];
  readonly currency: string;
}

export interface ActivationInput {
  readonly effectiveAt: number;
  readonly plan: Plan;
}

export function planKey(plan: Pick<Plan, 'id' | 'version'>): string {
  return `${plan.id}@${plan.version}`;
}

/**
 * Builds a timeline from activations already validated (see `schema/timeline.ts`: one
 * currency, one body per `id@version`, at least one activation).
 */
export function buildTimeline(activations: readonly ActivationInput[]): Timeline {
  // Stable sort: at equal instants the one listed later stays later and wins.
  const ordered = activations
    .map((a, index) => ({ ...a, index }))
    .sort((a, b) => a.effectiveAt - b.effectiveAt || a.index - b.index);
  const plans = new Map<string, PlanInForce>();
  for (const a of ordered) {
    const key = planKey(a.plan);
    if (!plans.has(key)) plans.set(key, { key, plan: a.plan, rank: plans.size });
  }
  const segments: Segment[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const next = ordered[i + 1];
    // An activation tied with a later-listed one is never in force.
    if (next && next.effectiveAt === ordered[i]!.effectiveAt) continue;
    const plan = plans.get(planKey(ordered[i]!.plan))!;
    const from = segments.length === 0 ? -Infinity : ordered[i]!.effectiveAt;
    const to = next ? next.effectiveAt : Infinity;
    const previous = segments.at(-1);
    // Consecutive activations of one version are one stretch.
    if (previous && previous.plan === plan) segments[segments.length - 1] = { ...previous, to };
    else segments.push({ from, to, plan });
  }
  return { plans: [...plans.values()], segments, currency: ordered[0]!.plan.currency };
}

/** One plan in force throughout. */
export function singlePlanTimeline(plan: Plan): Timeline {
  const only: PlanInForce = { key: planKey(plan), plan, rank: 0 };
  return {
    plans: [only],
    segments: [{ from: -Infinity, to: Infinity, plan: only }],
    currency: plan.currency,
  };
}

/** The plan in force at `t` (epoch ms). */
export function planAt(timeline: Timeline, t: number): PlanInForce {
  const { segments } = timeline;
  if (segments.length === 1) return segments[0]!.plan;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.from <= t) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!.plan;
}

/** How many milliseconds of [from, to) the plan `key` is in force. */
export function inForceMs(timeline: Timeline, key: string, from: number, to: number): number {
  let ms = 0;
  for (const s of timeline.segments) {
    if (s.plan.key !== key) continue;
    const start = Math.max(s.from, from);
    const end = Math.min(s.to, to);
    if (end > start) ms += end - start;
  }
  return ms;
}

/** A stretch of [from, to) as the report names it: the plan in force, and when. */
export interface InForce {
  readonly plan: string;
  readonly name: string;
  /** Epoch ms, within the stretch asked about. */
  readonly from: number;
  readonly to: number;
}

/** The plans in force during [from, to), in time order, each with the part of it it covers. */
export function plansInForce(timeline: Timeline, from: number, to: number): InForce[] {
  return timeline.segments
    .filter((s) => s.from < to && s.to > from)
    .map((s) => ({
      plan: s.plan.key,
      name: s.plan.plan.name,
      from: Math.max(s.from, from),
      to: Math.min(s.to, to),
    }));
}
