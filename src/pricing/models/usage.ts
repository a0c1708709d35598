/**
 * The usage model: every metric at its rate, whatever the outcome. One line per metric, and one
 * per tool for tool and API calls.
 * @module
 */
import type { UsageFact } from '../activity/facts.js';
import { ratio } from '../money/ratio.js';
import { divideCeil } from '../money/rounding.js';
import type { UsagePlanBody } from '../schema/plan.js';
import { type DraftLine, draft } from './line.js';
import type { PricingModel } from './model.js';

export const MS_PER_MINUTE = 60_000n;

/** The line code that a usage event adds to under the usage model. */
export function usageLineCode(u: UsageFact): string {
  switch (u.metric) {
    case 'conversation':
      return 'conversation';
    case 'processing_ms':
      return 'processing';
    default:
      return `${u.metric}:${u.tool}`;
  }
}

export const usageModel: PricingModel<UsagePlanBody> = {
  model: 'usage',
  fields: [
    { path: 'rates.conversation', kind: 'price' },
    { path: 'rates.processing_minute', kind: 'price' },
    { path: 'rates.tool_call', kind: 'price' },
    { path: 'rates.api_call', kind: 'price' },
    { path: 'toolRates', kind: 'json' },
    { path: 'processingRounding', kind: 'choice', choices: ['exact', 'ceil_minute'] },
  ],
  ticketLines(plan, { totals }) {
    const rates = plan.rates;
    const lines: DraftLine[] = [];
    if (totals.conversations > 0n) {
      lines.push(draft('conversation', totals.conversations, rates.conversation ?? '0'));
    }
    if (totals.processingMs > 0n) {
      // Exact minutes are priced unrounded; ceil_minute rounds the set's total, not each event.
      const minutes =
        plan.processingRounding === 'ceil_minute'
          ? ratio(divideCeil(totals.processingMs, MS_PER_MINUTE))
          : ratio(totals.processingMs, MS_PER_MINUTE);
      lines.push(draft('processing', minutes, rates.processing_minute ?? '0'));
    }
    for (const [metric, byTool, rate] of [
      ['tool_call', totals.toolCalls, rates.tool_call],
      ['api_call', totals.apiCalls, rates.api_call],
    ] as const) {
      for (const tool of [...byTool.keys()].sort()) {
        const quantity = byTool.get(tool)!;
        if (quantity === 0n) continue;
        lines.push(draft(`${metric}:${tool}`, quantity, plan.toolRates?.[tool] ?? rate ?? '0'));
      }
    }
    return lines;
  },
  lineEvents(_plan, { usage }) {
    const byCode = new Map<string, string[]>();
    for (const u of usage) {
      const code = usageLineCode(u);
      const ids = byCode.get(code);
      if (ids) ids.push(u.id);
      else byCode.set(code, [u.id]);
    }
    return byCode;
  },
};
