/**
 * `ai-cost price`: one ticket alone, or a period of tickets together.
 * @module
 */
import { pricePeriod, priceTicket } from '../../pricing/index.js';
import { parse } from '../args.js';
import { UsageError } from '../errors.js';
import { readActivities, readActivity, readPlan } from '../io.js';
import type { Output } from '../output.js';
import { PRICE_USAGE } from '../usage.js';

export function runPrice(argv: string[], out: Output): number {
  const { values } = parse(
    argv,
    {
      plan: { type: 'string' },
      activity: { type: 'string' },
      activities: { type: 'string' },
      'as-of': { type: 'string' },
      'time-zone': { type: 'string' },
    },
    PRICE_USAGE,
  );
  if (!values.plan) throw new UsageError(`missing --plan\n${PRICE_USAGE}`);
  if (!values.activity === !values.activities) {
    throw new UsageError(`give exactly one of --activity and --activities\n${PRICE_USAGE}`);
  }
  const plan = readPlan(values.plan);
  const options = { asOf: values['as-of'], timeZone: values['time-zone'] };
  const result = values.activity
    ? priceTicket(plan, readActivity(values.activity), options)
    : pricePeriod(plan, readActivities(values.activities!), options);
  out.json(result);
  return 0;
}
