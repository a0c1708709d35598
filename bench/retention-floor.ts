/**
 * What keeping a replay's breakdowns costs by itself (`npm run bench:floor`): the float
 * baseline's work over 100,000 tickets × 5 plans, keeping per ticket and plan one object of a
 * breakdown's shape with a lines array of its own, paired with the baseline alone. Once with the
 * lines, tools and instants shared between breakdowns (as the core shares them), once with a
 * tools list and an instant string made for each breakdown. No pricing at all: the floor under
 * the bench's "full breakdowns" row.
 */
import type { TicketActivity } from '../src/pricing/index.js';
import { formatInstant, parseInstant } from '../src/pricing/time.js';
import { floatRates, floatTicketCost } from './float-baseline.js';
import { formatMs, markdownTable } from './measure.js';
import { paired } from './pricing-paired.js';
import { syntheticTraffic } from './synthetic.js';

const PLANS = 5;
const traffic = syntheticTraffic(100_000);
const rates = floatRates({ conversation: '0.5', processing_minute: '0.02', tool_call: '0.01' });
const asOf = parseInstant('2026-12-01T00:00:00Z')!;
const line = Object.freeze({
  code: 'conversation',
  quantity: '1',
  unitPrice: '0.5',
  amount: '0.50',
  provisional: false,
});
const toolsOf = (t: TicketActivity) => t.usage.flatMap((u) => ('tool' in u ? [u.tool] : [])).sort();
const sharedTools = traffic.map(toolsOf);
const sharedInstants = traffic.map((_, i) => formatInstant(asOf - i * 1000));

const baseline = () => {
  for (let p = 0; p < PLANS; p++) for (const t of traffic) floatTicketCost(t, rates, asOf);
};

function keeping(shared: boolean) {
  return () => {
    const all: unknown[][] = [];
    for (let p = 0; p < PLANS; p++) {
      const kept: unknown[] = new Array(traffic.length);
      for (let i = 0; i < traffic.length; i++) {
        const t = traffic[i]!;
        const cost = floatTicketCost(t, rates, asOf);
        const lines = new Array(2);
        lines[0] = line;
        lines[1] = line;
        const at = shared ? sharedInstants[i]! : formatInstant(asOf - i * 1000);
        kept[i] = {
          ticketId: t.ticketId,
          planId: 'plan',
          planVersion: 1,
          currency: 'USD',
          asOf: 'asOf',
          outcome: cost > 1 ? 'ai_resolved' : 'escalated',
          tier: null,
          provisional: false,
          plans: undefined,
          lines,
          total: '1.00',
          confirmedTotal: '1.00',
          confirmedAt: at,
          confirmsAt: null,
          decidedAt: at,
          tools: shared ? sharedTools[i]! : toolsOf(t),
          conflicts: [],
        };
      }
      all.push(kept);
    }
    return all;
  };
}

const rows = [true, false].map((shared) => {
  const m = paired(keeping(shared), baseline, 5);
  return [
    `keep 500,000 breakdown-shaped objects, ${shared ? 'shared' : 'own'} tools and instants`,
    `${formatMs(m.exactMs)} CPU`,
    `${formatMs(m.baselineMs)} CPU`,
    `${m.ratio.toFixed(1)}×`,
  ];
});
console.log(markdownTable(['floor', 'with the objects kept', 'float baseline', 'ratio'], rows));
