/**
 * Sidebar states as the controller publishes them, computed by the pricing core from a plan or
 * timeline and an activity (no hard-coded totals), for the view tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pendingAdds, planGroups, type SidebarState } from '../../src/app/sidebar/controller.js';
import { explainTicket } from '../../src/pricing/explain/explain.js';
import {
  type Plan,
  parseActivity,
  parsePlan,
  priceTicketOver,
  singlePlanTimeline,
  type Timeline,
} from '../../src/pricing/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
export const NOW = new Date('2026-11-02T12:00:00Z');

export type ReadyState = Extract<SidebarState, { kind: 'ready' }>;

export const readPlan = (file: string) =>
  parsePlan(JSON.parse(readFileSync(join(ROOT, 'examples/plans', file), 'utf8')));

/** The state the controller publishes, computed by the core from a timeline and activity. */
export function stateOver(
  timeline: Timeline,
  activity: ReturnType<typeof parseActivity>,
  asOf: Date = NOW,
  toolNames: ReadonlyMap<string, string> = new Map(),
): ReadyState {
  const breakdown = priceTicketOver(timeline, activity, { asOf });
  const plan = timeline.plans.find(
    (p) => p.plan.id === breakdown.planId && p.plan.version === breakdown.planVersion,
  )!.plan;
  return {
    kind: 'ready',
    ticketId: activity.ticketId,
    plan: {
      id: plan.id,
      version: plan.version,
      name: plan.name,
      currency: plan.currency,
      model: plan.model,
    },
    planGroups: planGroups(timeline, breakdown),
    activity,
    breakdown,
    explanation: explainTicket(timeline, activity, { asOf }),
    timeline,
    toolNames,
    hasAi: activity.usage.length > 0,
    pendingAdds: pendingAdds(breakdown),
    diagnostics: [],
    sync: 'synced',
    computedAt: asOf.toISOString(),
    disputes: [],
    canDispute: false,
    overThreshold: null,
  };
}

export const USAGE = [
  { id: 'c', at: '2026-11-02T09:00:00Z', metric: 'conversation', quantity: 1 },
  {
    id: 't',
    at: '2026-11-02T09:00:01Z',
    metric: 'tool_call',
    tool: 'order_lookup',
    quantity: 2,
  },
];

export function readyState(
  planFile: string | Plan,
  lifecycle: unknown[],
  asOf: Date = NOW,
  usage: unknown[] = USAGE,
): ReadyState {
  const plan = typeof planFile === 'string' ? readPlan(planFile) : planFile;
  const activity = parseActivity({ ticketId: '7', usage, lifecycle });
  return stateOver(singlePlanTimeline(plan), activity, asOf);
}
