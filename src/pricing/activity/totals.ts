/**
 * Usage totals of one ticket: what the usage model prices and what tier conditions test.
 * @module
 */
import type { UsageFact } from './facts.js';

export interface UsageTotals {
  readonly conversations: bigint;
  readonly processingMs: bigint;
  /** Tool calls per tool, and API calls per tool, sorted by tool (the order of the lines). */
  readonly toolCalls: readonly (readonly [tool: string, count: bigint])[];
  readonly apiCalls: readonly (readonly [tool: string, count: bigint])[];
  readonly toolCallCount: bigint;
  readonly apiCallCount: bigint;
}

/**
 * Sums quantities as plain numbers, which is exact while every sum stays a safe integer:
 * quantities are non-negative, so if the final sums are safe, so was every partial sum. Only
 * when one is not does it sum again with BigInt. (Number sums are several times faster.)
 */
export function usageTotals(usage: readonly UsageFact[]): UsageTotals {
  const fast = sumUsage<number>(usage, 0, asNumber);
  const safe =
    Number.isSafeInteger(fast.processingMs) &&
    Number.isSafeInteger(fast.conversations) &&
    Number.isSafeInteger(fast.toolCallCount) &&
    Number.isSafeInteger(fast.apiCallCount);
  const totals = safe ? fast : sumUsage<bigint>(usage, 0n, BigInt);
  return {
    conversations: BigInt(totals.conversations),
    processingMs: BigInt(totals.processingMs),
    toolCallCount: BigInt(totals.toolCallCount),
    apiCallCount: BigInt(totals.apiCallCount),
    toolCalls: sortedCounts(totals.toolCalls),
    apiCalls: sortedCounts(totals.apiCalls),
  };
}

// Module-level helpers rather than closures: this runs once per ticket in period replays.
function asNumber(quantity: number): number {
  return quantity;
}

const NONE: readonly (readonly [string, bigint])[] = [];

function sortedCounts(m: Map<string, number | bigint>): readonly (readonly [string, bigint])[] {
  if (m.size === 0) return NONE;
  const out: [string, bigint][] = [];
  for (const [k, v] of m) out.push([k, BigInt(v)]);
  return out.length === 1 ? out : out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** `+` on two values of one kind (both numbers or both BigInts) stays that kind. */
function add<T extends number | bigint>(a: T, b: T): T {
  return ((a as number) + (b as number)) as T;
}

interface Sums<T> {
  conversations: T;
  processingMs: T;
  toolCallCount: T;
  apiCallCount: T;
  toolCalls: Map<string, T>;
  apiCalls: Map<string, T>;
}

function sumUsage<T extends number | bigint>(
  usage: readonly UsageFact[],
  zero: T,
  lift: (quantity: number) => T,
): Sums<T> {
  const s: Sums<T> = {
    conversations: zero,
    processingMs: zero,
    toolCallCount: zero,
    apiCallCount: zero,
    toolCalls: new Map(),
    apiCalls: new Map(),
  };
  for (const u of usage) {
    const q = lift(u.quantity);
    switch (u.metric) {
      case 'conversation':
        s.conversations = add(s.conversations, q);
        break;
      case 'processing_ms':
        s.processingMs = add(s.processingMs, q);
        break;
      case 'tool_call':
        s.toolCallCount = add(s.toolCallCount, q);
        s.toolCalls.set(u.tool!, add(s.toolCalls.get(u.tool!) ?? zero, q));
        break;
      case 'api_call':
        s.apiCallCount = add(s.apiCallCount, q);
        s.apiCalls.set(u.tool!, add(s.apiCalls.get(u.tool!) ?? zero, q));
        break;
    }
  }
  return s;
}

/** The distinct tools a ticket used, sorted. */
export function toolsUsed(totals: UsageTotals): string[] {
  if (totals.apiCalls.length === 0) return totals.toolCalls.map(([tool]) => tool);
  const tools = new Set<string>();
  for (const [tool] of totals.toolCalls) tools.add(tool);
  for (const [tool] of totals.apiCalls) tools.add(tool);
  return [...tools].sort();
}
