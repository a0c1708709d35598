/**
 * The usage model: every metric at its rate, whatever the outcome.
 * @module
 */
import { ratio } from '../money/ratio.js';
import { divideCeil } from '../money/rounding.js';
import type { UsagePlanBody } from '../schema/plan.js';
import type { TicketContext } from './context.js';
import { type DraftLine, draft } from './line.js';

export const MS_PER_MINUTE = 60_000n;

export function priceUsage(plan: UsagePlanBody, { totals }: TicketContext): DraftLine[] {
  const rates = plan.rates;
  const lines: DraftLine[] = [];
  if (totals.conversations > 0n) {
    lines.push(draft('conversation', totals.conversations, rates.conversation ?? '0'));
  }
  if (totals.processingMs > 0n) {
    // Exact minutes are priced unrounded; ceil_minute rounds the ticket's total, not each event.
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
}
