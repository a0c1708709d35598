/**
 * The baseline the exact pricing is measured against: the same per-ticket sums done with plain
 * floating-point numbers, in one pass over the events, with the same deduplication by id and
 * the same instant parsing as the core. It skips what the core does beyond the arithmetic
 * (outcome rules, rounding, formatting), so it is the speed of light for this work, and wrong
 * for money (0.1 + 0.2 !== 0.3): never use it for anything but a benchmark.
 * @module
 */
import type { TicketActivity } from '../src/pricing/index.js';
import { parseInstant } from '../src/pricing/time.js';

export interface FloatRates {
  conversation: number;
  processingMinute: number;
  toolCall: number;
  apiCall: number;
}

export function floatRates(rates: Record<string, string | undefined>): FloatRates {
  return {
    conversation: Number.parseFloat(rates.conversation ?? '0'),
    processingMinute: Number.parseFloat(rates.processing_minute ?? '0'),
    toolCall: Number.parseFloat(rates.tool_call ?? '0'),
    apiCall: Number.parseFloat(rates.api_call ?? '0'),
  };
}

export function floatTicketCost(activity: TicketActivity, rates: FloatRates, asOf: number): number {
  const seen = new Set<string>();
  let cost = 0;
  for (const e of activity.usage) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    if ((parseInstant(e.at) ?? 0) > asOf) continue;
    switch (e.metric) {
      case 'conversation':
        cost += e.quantity * rates.conversation;
        break;
      case 'processing_ms':
        cost += (e.quantity / 60_000) * rates.processingMinute;
        break;
      case 'tool_call':
        cost += e.quantity * rates.toolCall;
        break;
      case 'api_call':
        cost += e.quantity * rates.apiCall;
        break;
    }
  }
  return cost;
}
