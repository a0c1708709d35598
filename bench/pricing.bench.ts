/**
 * Pricing core benchmarks (`npm run bench`): one ticket with 10,000 events under each model,
 * and 100,000 tickets replayed under five plans, each beside a float baseline measured in the
 * same run (see float-baseline.ts), their runs paired with it in CPU time (see pricing-paired.ts).
 * Prints a Markdown table for the README. `-- --tickets=N --events=N --runs=N` change the sizes.
 */
import { readFileSync } from 'node:fs';
import {
  type Plan,
  parsePlan,
  priceTicket,
  replayCosts,
  replayPlans,
} from '../src/pricing/index.js';
import { parseInstant } from '../src/pricing/time.js';
import { floatRates, floatTicketCost } from './float-baseline.js';
import { formatMs, markdownTable } from './measure.js';
import { type Paired, paired } from './pricing-paired.js';
import { random, syntheticTicket, syntheticTraffic } from './synthetic.js';

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const TICKETS = Number(args.get('tickets') ?? 100_000);
const EVENTS = Number(args.get('events') ?? 10_000);
const AS_OF = '2026-12-01T00:00:00Z';
const asOfMs = parseInstant(AS_OF)!;

const PLAN_FILES = [
  'per-use',
  'per-resolution',
  'flex-credits',
  'base-performance',
  'by-complexity',
];
const plans: Plan[] = PLAN_FILES.map((name) =>
  parsePlan(
    JSON.parse(readFileSync(new URL(`../examples/plans/${name}.json`, import.meta.url), 'utf8')),
  ),
);
const usagePlan = plans[0]!;
const baselineRates = floatRates(usagePlan.model === 'usage' ? usagePlan.rates : {});

const rows: string[][] = [];

// One ticket, 10,000 events: paired like the replay below, each sample a batch of calls (a call
// takes about a millisecond, too short to time alone in CPU time), reported per call.
const BATCH = 20;
const batch = (fn: () => unknown) => () => {
  for (let i = 0; i < BATCH; i++) fn();
};
const big = syntheticTicket('1', random(7), EVENTS);
const bigBaseline = batch(() => floatTicketCost(big, baselineRates, asOfMs));
for (const plan of plans) {
  const exact = batch(() => priceTicket(plan, big, { asOf: AS_OF }));
  const m = paired(exact, bigBaseline, 25, 5);
  rows.push([
    `1 ticket × ${EVENTS.toLocaleString('en')} events, ${plan.model}`,
    `${formatMs(m.exactMs / BATCH)} CPU`,
    `${formatMs(m.baselineMs / BATCH)} CPU`,
    `${m.ratio.toFixed(1)}×`,
    '< 5 ms; ≤ 2×',
  ]);
  console.error(
    `${plan.model}: ${formatMs(m.exactMs / BATCH)} CPU per call (${m.ratio.toFixed(2)}×)`,
  );
}

// A month of traffic under five plans: each run paired with a baseline run under the same load,
// in CPU time (see pricing-paired.ts); the ratio is the median of the pairs' ratios.
const traffic = syntheticTraffic(TICKETS);
const replayBaseline = () => {
  for (let p = 0; p < plans.length; p++) {
    for (const t of traffic) floatTicketCost(t, baselineRates, asOfMs);
  }
};
const label = `${TICKETS.toLocaleString('en')} tickets × ${plans.length} plans`;
const RUNS = Number(args.get('runs') ?? 5);
const totals = paired(() => replayCosts(plans, traffic, { asOf: AS_OF }), replayBaseline, RUNS);
reportPaired(`${label}, totals (comparison)`, totals, '< 10 s; ≤ 4×');
const breakdowns = paired(() => replayPlans(plans, traffic, { asOf: AS_OF }), replayBaseline, RUNS);
// The issue's ≤ 4× is the comparison's; breakdowns are reported beside it (see bench:floor).
reportPaired(`${label}, full breakdowns`, breakdowns, '< 10 s');

function reportPaired(name: string, m: Paired, target: string) {
  rows.push([
    name,
    `${formatMs(m.exactMs)} CPU`,
    `${formatMs(m.baselineMs)} CPU`,
    `${m.ratio.toFixed(1)}×`,
    target,
  ]);
  console.error(`${name}: ${formatMs(m.exactMs)} CPU (float baseline ${formatMs(m.baselineMs)})`);
}

console.log(
  markdownTable(['benchmark', 'exact (median)', 'float baseline', 'ratio', 'target'], rows),
);
console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
