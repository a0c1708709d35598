/**
 * Facts once, plans many: a replay prepares each ticket's facts once and prices every plan from
 * them; that must equal pricing each plan alone, for any tickets and every model (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePlans, pricePeriod, replayCosts, replayPlans } from '../../src/pricing/index.js';
import { ASOF, anyPlan, minor, period, RUNS, sum } from './arbitraries.js';

describe('a replay from shared facts', () => {
  it('prices each plan exactly as that plan alone, breakdowns and costs alike', () => {
    fc.assert(
      fc.property(
        fc.array(anyPlan, { minLength: 2, maxLength: 5 }),
        period,
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York'),
        (plans, tickets, timeZone) => {
          const options = { asOf: ASOF, timeZone };
          const together = replayPlans(plans, tickets, options);
          const costs = replayCosts(plans, tickets, options);
          plans.forEach((plan, i) => {
            const alone = pricePeriod(plan, tickets, options);
            expect(together[i]).toEqual(alone);
            expect(costs[i]!.map((c) => c.confirmedMinor + c.provisionalMinor)).toEqual(
              alone.map((b) => minor(b.total)),
            );
            expect(costs[i]!.map((c) => c.confirmedMinor)).toEqual(
              alone.map((b) => minor(b.confirmedTotal)),
            );
          });
        },
      ),
      RUNS,
    );
  });

  it('summarises a comparison from the same exact costs as its breakdowns', () => {
    fc.assert(
      fc.property(anyPlan, period, (plan, tickets) => {
        const [compared] = comparePlans([plan], tickets, { asOf: ASOF }).plans;
        const confirmed = sum(compared!.breakdowns.map((b) => minor(b.confirmedTotal)));
        expect(minor(compared!.totalCost)).toBe(confirmed);
        expect(compared!.costs.map((c) => c.ticketId)).toEqual(tickets.map((t) => t.ticketId));
      }),
      RUNS,
    );
  });
});
