/**
 * `ai-cost compare`: the same tickets under several plans, as a table or JSON.
 * @module
 */
import { type Comparison, comparePlans } from '../../pricing/index.js';
import { instantFlag, parse, takeList, timeZoneFlag } from '../args.js';
import { UsageError } from '../errors.js';
import { readActivities, readPlan } from '../io.js';
import type { Output } from '../output.js';
import { renderTable } from '../table.js';
import { COMPARE_USAGE } from '../usage.js';

function percent(rate: string | null): string {
  if (rate === null) return '–';
  const [whole = '0', fraction = ''] = rate.split('.');
  // "0.4242" → "42.42%", done on the digits so nothing is re-rounded.
  const basisPoints = BigInt(whole + fraction.padEnd(4, '0'));
  const text = (basisPoints / 100n).toString();
  return `${text}.${(basisPoints % 100n).toString().padStart(2, '0')}%`;
}

export function formatComparison(c: Comparison): string {
  const table = renderTable(
    [
      'plan',
      'model',
      'confirmed',
      'provisional',
      'AI resolutions',
      'assisted',
      'per resolution',
      'per resolved ticket',
    ],
    c.plans.map((p) => [
      `${p.planId}@${p.planVersion}`,
      p.model,
      p.totalCost,
      p.provisionalCost,
      String(p.aiResolutions),
      String(p.assisted),
      p.costPerResolution ?? '–',
      p.costPerResolvedTicket ?? '–',
    ]),
    [false, false, true, true, true, true, true, true],
  );
  const lines = [
    `${c.tickets} tickets, ${c.aiTickets} with AI; AI resolution rate ${percent(c.resolutionRate)}; amounts in ${c.currency} as of ${c.asOf}`,
    '',
    table,
  ];
  if (c.breakEven.length > 0)
    lines.push('', 'break-even (AI resolution rate at which two plans cost the same):');
  for (const b of c.breakEven) {
    if (b.resolutionRate === null) {
      lines.push(
        b.cheaperAbove === null
          ? `  ${b.planA} vs ${b.planB}: the same cost at every rate`
          : `  ${b.planA} vs ${b.planB}: no break-even; ${b.cheaperAbove} is cheaper at every rate`,
      );
    } else {
      lines.push(
        `  ${b.planA} vs ${b.planB}: ${percent(b.resolutionRate)}; below it ${b.cheaperBelow ?? 'neither'} is cheaper, above it ${b.cheaperAbove ?? 'neither'}`,
      );
    }
  }
  return lines.join('\n');
}

export function runCompare(argv: string[], out: Output): number {
  const { values: planFiles, rest } = takeList(argv, '--plans');
  const { values } = parse(
    rest,
    {
      activities: { type: 'string' },
      'as-of': { type: 'string' },
      'time-zone': { type: 'string' },
      json: { type: 'boolean' },
    },
    COMPARE_USAGE,
  );
  if (planFiles.length === 0) throw new UsageError(`missing --plans\n${COMPARE_USAGE}`);
  if (!values.activities) throw new UsageError(`missing --activities\n${COMPARE_USAGE}`);
  const plans = planFiles.map(readPlan);
  const comparison = comparePlans(plans, readActivities(values.activities), {
    asOf: instantFlag(values['as-of'], '--as-of'),
    timeZone: timeZoneFlag(values['time-zone']),
  });
  // JSON carries amounts as decimal strings: the exact per-ticket costs stay in the process.
  if (values.json)
    out.json({ ...comparison, plans: comparison.plans.map(({ costs: _, ...p }) => p) });
  else out.line(formatComparison(comparison));
  return 0;
}
