/**
 * `ai-cost price`: one ticket alone, or a period of tickets together.
 * @module
 */
import { pricePeriod, pricePeriodOver, priceTicket, priceTicketOver } from '../../pricing/index.js';
import { instantFlag, parse, timeZoneFlag } from '../args.js';
import { UsageError } from '../errors.js';
import { readActivities, readActivity, readPlan, readTimeline } from '../io.js';
import type { Output } from '../output.js';
import { PRICE_USAGE } from '../usage.js';

export function runPrice(argv: string[], out: Output): number {
  const { values } = parse(
    argv,
    {
      plan: { type: 'string' },
      timeline: { type: 'string' },
      activity: { type: 'string' },
      activities: { type: 'string' },
      'as-of': { type: 'string' },
      'time-zone': { type: 'string' },
    },
    PRICE_USAGE,
  );
  if (!values.plan && !values.timeline) {
    throw new UsageError(`missing --plan (or --timeline)\n${PRICE_USAGE}`);
  }
  if (values.plan && values.timeline) {
    throw new UsageError(`give one of --plan and --timeline, not both\n${PRICE_USAGE}`);
  }
  if (!values.activity === !values.activities) {
    throw new UsageError(`give exactly one of --activity and --activities\n${PRICE_USAGE}`);
  }
  const options = {
    asOf: instantFlag(values['as-of'], '--as-of'),
    timeZone: timeZoneFlag(values['time-zone']),
  };
  let result: unknown;
  if (values.timeline) {
    const timeline = readTimeline(values.timeline);
    result = values.activity
      ? priceTicketOver(timeline, readActivity(values.activity), options)
      : pricePeriodOver(timeline, readActivities(values.activities!), options);
  } else {
    const plan = readPlan(values.plan!);
    result = values.activity
      ? priceTicket(plan, readActivity(values.activity), options)
      : pricePeriod(plan, readActivities(values.activities!), options);
  }
  out.json(result);
  return 0;
}
