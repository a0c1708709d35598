/**
 * Usage totals of one ticket: what the usage model prices and what tier conditions test.
 * @module
 */
import type { UsageFact } from './facts.js';

export interface UsageTotals {
  readonly conversations: bigint;
  readonly processingMs: bigint;
  /** Tool calls per tool, and API calls per tool. */
  readonly toolCalls: ReadonlyMap<string, bigint>;
  readonly apiCalls: ReadonlyMap<string, bigint>;
  readonly toolCallCount: bigint;
  readonly apiCallCount: bigint;
}

export function usageTotals(usage: readonly UsageFact[]): UsageTotals {
  let conversations = 0n;
  let processingMs = 0n;
  let toolCallCount = 0n;
  let apiCallCount = 0n;
  const toolCalls = new Map<string, bigint>();
  const apiCalls = new Map<string, bigint>();
  for (const u of usage) {
    switch (u.metric) {
      case 'conversation':
        conversations += u.quantity;
        break;
      case 'processing_ms':
        processingMs += u.quantity;
        break;
      case 'tool_call':
        toolCallCount += u.quantity;
        toolCalls.set(u.tool!, (toolCalls.get(u.tool!) ?? 0n) + u.quantity);
        break;
      case 'api_call':
        apiCallCount += u.quantity;
        apiCalls.set(u.tool!, (apiCalls.get(u.tool!) ?? 0n) + u.quantity);
        break;
    }
  }
  return { conversations, processingMs, toolCalls, apiCalls, toolCallCount, apiCallCount };
}

/** The distinct tools a ticket used, sorted. */
export function toolsUsed(totals: UsageTotals): string[] {
  return [...new Set([...totals.toolCalls.keys(), ...totals.apiCalls.keys()])].sort();
}
