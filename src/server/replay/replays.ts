/**
 * What the reports' replays compute from a comparison: the plans' summaries (without their
 * 100,000 breakdowns) and the tickets whose cost differs most between the first two plans.
 * Pure: it runs in the replay worker.
 * @module
 */
import { comparePlans, type Plan, type TicketActivity } from '../../pricing/index.js';

type Comparison = ReturnType<typeof comparePlans>;

export interface ReplayRequest {
  readonly kind: 'compare' | 'preview';
  readonly plans: readonly Plan[];
  readonly activities: readonly TicketActivity[];
  readonly asOf: Date;
  readonly timeZone: string;
}

/**
 * The tickets whose cost differs most between the first two plans compared, with what each
 * plan charges for them (confirmed amounts), from the exact costs of the same replay.
 */
function largestDifferences(plans: Comparison['plans'], limit = 20) {
  const [a, b] = plans;
  if (!a || !b) return [];
  return a.costs
    .map((x, i) => {
      const delta = b.costs[i]!.confirmedMinor - x.confirmedMinor;
      const amounts = [a.breakdowns[i]!.confirmedTotal, b.breakdowns[i]!.confirmedTotal];
      return { ticketId: x.ticketId, amounts, delta };
    })
    .filter((d) => d.delta !== 0n)
    .sort((p, q) => {
      const ap = p.delta < 0n ? -p.delta : p.delta;
      const aq = q.delta < 0n ? -q.delta : q.delta;
      return ap > aq ? -1 : ap < aq ? 1 : p.ticketId < q.ticketId ? -1 : 1;
    })
    .slice(0, limit)
    .map(({ ticketId, amounts }) => ({ ticketId, amounts }));
}

export function runReplay(request: ReplayRequest) {
  const comparison = comparePlans(request.plans, request.activities, {
    asOf: request.asOf,
    timeZone: request.timeZone,
  });
  if (request.kind === 'preview') {
    // The page shows summaries, not 100,000 rows, and the tickets the draft changes most
    // against the plan in force (the first plan).
    return {
      ...comparison,
      plans: comparison.plans.map(({ breakdowns: _, costs: __, ...rest }) => rest),
      differences: largestDifferences(comparison.plans, 10),
    };
  }
  return {
    resolutionRate: comparison.resolutionRate,
    plans: comparison.plans.map(({ breakdowns: _, outcomes: __, costs: ___, ...p }) => p),
    breakEven: comparison.breakEven,
    costLines: comparison.costLines,
    differences: largestDifferences(comparison.plans),
  };
}
