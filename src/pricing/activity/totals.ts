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
 * when one is not does it sum again with BigInt. (Number sums are several times faster, and a
 * ticket's few tools are counted in a short list rather than a Map.)
 */
export function usageTotals(usage: readonly UsageFact[]): UsageTotals {
  let conversations = 0;
  let processingMs = 0;
  let toolCallCount = 0;
  let apiCallCount = 0;
  let toolCalls: [string, number][] | null = null;
  let apiCalls: [string, number][] | null = null;
  for (const u of usage) {
    const q = u.quantity;
    switch (u.metric) {
      case 'conversation':
        conversations += q;
        break;
      case 'processing_ms':
        processingMs += q;
        break;
      case 'tool_call':
        toolCallCount += q;
        toolCalls = counted(toolCalls ?? [], u.tool!, q);
        break;
      case 'api_call':
        apiCallCount += q;
        apiCalls = counted(apiCalls ?? [], u.tool!, q);
        break;
    }
  }
  const safe =
    Number.isSafeInteger(processingMs) &&
    Number.isSafeInteger(conversations) &&
    Number.isSafeInteger(toolCallCount) &&
    Number.isSafeInteger(apiCallCount);
  if (!safe) return bigTotals(usage);
  return {
    conversations: big(conversations),
    processingMs: big(processingMs),
    toolCallCount: big(toolCallCount),
    apiCallCount: big(apiCallCount),
    toolCalls: toolCalls === null ? NONE : sortedCounts(toolCalls),
    apiCalls: apiCalls === null ? NONE : sortedCounts(apiCalls),
  };
}

/** Adds `q` to the count of `tool` (a tool's per-tool sum is at most its metric's, so safe too). */
function counted(counts: [string, number][], tool: string, q: number): [string, number][] {
  for (const c of counts) {
    if (c[0] === tool) {
      c[1] += q;
      return counts;
    }
  }
  counts.push([tool, q]);
  return counts;
}

/** The same sums in BigInt, for a ticket whose sums pass the safe integers. */
function bigTotals(usage: readonly UsageFact[]): UsageTotals {
  let conversations = 0n;
  let processingMs = 0n;
  let toolCallCount = 0n;
  let apiCallCount = 0n;
  const toolCalls = new Map<string, bigint>();
  const apiCalls = new Map<string, bigint>();
  for (const u of usage) {
    const q = BigInt(u.quantity);
    switch (u.metric) {
      case 'conversation':
        conversations += q;
        break;
      case 'processing_ms':
        processingMs += q;
        break;
      case 'tool_call':
        toolCallCount += q;
        toolCalls.set(u.tool!, (toolCalls.get(u.tool!) ?? 0n) + q);
        break;
      case 'api_call':
        apiCallCount += q;
        apiCalls.set(u.tool!, (apiCalls.get(u.tool!) ?? 0n) + q);
        break;
    }
  }
  return {
    conversations,
    processingMs,
    toolCallCount,
    apiCallCount,
    toolCalls: sortedCounts([...toolCalls]),
    apiCalls: sortedCounts([...apiCalls]),
  };
}

const NONE: readonly (readonly [string, bigint])[] = Object.freeze([]);

/** The counts as BigInts, sorted by tool; the list (made for this ticket alone) is reused. */
function sortedCounts(counts: [string, number | bigint][]): readonly (readonly [string, bigint])[] {
  if (counts.length === 0) return NONE;
  for (const c of counts) c[1] = big(c[1]);
  if (counts.length > 1) counts.sort(byTool);
  return counts as [string, bigint][];
}

const byTool = (a: readonly [string, unknown], b: readonly [string, unknown]) =>
  a[0] < b[0] ? -1 : 1;

/** Small counts (most of them) as shared BigInts: each BigInt is an allocation. */
const SHARED = 1024;
const SMALL: bigint[] = Array.from({ length: SHARED }, (_, i) => BigInt(i));

/** A safe integer (or a BigInt) as a BigInt. */
export function big(n: number | bigint): bigint {
  if (typeof n === 'bigint') return n;
  return n >= 0 && n < SHARED ? SMALL[n]! : BigInt(n);
}

/**
 * The distinct tools a ticket used, sorted: one frozen list per set of tools, shared by every
 * ticket that used the same ones (a replay's breakdowns keep one per ticket, and a tenant's
 * tickets use a few combinations of a few tools). Bounded, since a server sees tools come and go.
 */
export function toolsUsed(totals: UsageTotals): readonly string[] {
  const { toolCalls, apiCalls } = totals;
  if (toolCalls.length === 0 && apiCalls.length === 0) return NO_TOOLS;
  if (apiCalls.length === 0) return sharedTools(toolCalls, null);
  if (toolCalls.length === 0) return sharedTools(apiCalls, null);
  return sharedTools(toolCalls, apiCalls);
}

const NO_TOOLS: readonly string[] = Object.freeze([]);

/** A node of the lists already made, by their tools in order. */
interface ToolsNode {
  list?: readonly string[];
  readonly next: Map<string, ToolsNode>;
}

const madeTools: ToolsNode = { next: new Map() };
let madeToolsCount = 0;

/** The sorted union of two lists of counts sorted by tool, as a shared list. */
function sharedTools(
  a: UsageTotals['toolCalls'],
  b: UsageTotals['toolCalls'] | null,
): readonly string[] {
  let node = madeTools;
  let i = 0;
  let j = 0;
  for (;;) {
    const x = i < a.length ? a[i]![0] : undefined;
    const y = b !== null && j < b.length ? b[j]![0] : undefined;
    if (x === undefined && y === undefined) break;
    let tool: string;
    if (y === undefined || (x !== undefined && x < y)) {
      tool = x!;
      i++;
    } else if (x === undefined || y < x) {
      tool = y;
      j++;
    } else {
      tool = x;
      i++;
      j++;
    }
    let child = node.next.get(tool);
    if (!child) {
      if (madeToolsCount >= 10_000) {
        madeTools.next.clear();
        madeToolsCount = 0;
      }
      child = { next: new Map() };
      node.next.set(tool, child);
      madeToolsCount++;
    }
    node = child;
  }
  node.list ??= Object.freeze(listOf(a, b));
  return node.list;
}

/** The list itself, made once per set of tools. */
function listOf(a: UsageTotals['toolCalls'], b: UsageTotals['toolCalls'] | null): string[] {
  return [...new Set([...a, ...(b ?? [])].map(([tool]) => tool))].sort();
}
