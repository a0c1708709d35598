/**
 * The usage model: every metric at its rate, whatever the outcome. One line per metric, and one
 * per tool for tool and API calls.
 * @module
 */
import type { UsageFact } from '../activity/facts.js';
import type { UsageTotals } from '../activity/totals.js';
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

const toolCodes = { tool_call: new Map<string, string>(), api_call: new Map<string, string>() };

/** `tool_call:<tool>` and `api_call:<tool>`, each made once (a ticket's lines reuse them). */
function toolLineCode(metric: 'tool_call' | 'api_call', tool: string): string {
  const codes = toolCodes[metric];
  let code = codes.get(tool);
  if (code === undefined) {
    code = `${metric}:${tool}`;
    if (codes.size >= 10_000) codes.clear();
    codes.set(tool, code);
  }
  return code;
}

/** One line per tool, at the tool's own rate where the plan sets one. */
function perTool(
  lines: DraftLine[],
  metric: 'tool_call' | 'api_call',
  counts: UsageTotals['toolCalls'],
  rate: string | undefined,
  toolRates: UsagePlanBody['toolRates'],
): void {
  for (const [tool, quantity] of counts) {
    if (quantity === 0n) continue;
    lines.push(draft(toolLineCode(metric, tool), quantity, toolRates?.[tool] ?? rate ?? '0'));
  }
}

export const usageModel: PricingModel<UsagePlanBody> = {
  model: 'usage',
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
    perTool(lines, 'tool_call', totals.toolCalls, rates.tool_call, plan.toolRates);
    perTool(lines, 'api_call', totals.apiCalls, rates.api_call, plan.toolRates);
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
