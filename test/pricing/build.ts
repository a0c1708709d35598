/**
 * Small builders for tests: activities and plans in the spec's own JSON shapes, validated
 * through the public parsers so a test can never price something the schemas would refuse.
 */
import {
  type Plan,
  parseActivity,
  parsePlan,
  type TicketActivity,
} from '../../src/pricing/index.js';

export const START = Date.parse('2026-11-02T09:00:00Z');
const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The instant `minutes` after the start, as an ISO string. */
export function at(minutes: number): string {
  return new Date(START + minutes * MINUTE).toISOString().replace('.000Z', 'Z');
}
export const atHours = (hours: number) => at(hours * 60);

type Usage = TicketActivity['usage'][number];
type Life = TicketActivity['lifecycle'][number];

export const conversation = (id: string, minutes = 0, quantity = 1): Usage => ({
  id,
  at: at(minutes),
  metric: 'conversation',
  quantity,
});
export const toolCall = (id: string, tool: string, quantity = 1, minutes = 0): Usage => ({
  id,
  at: at(minutes),
  metric: 'tool_call',
  tool,
  quantity,
});
export const apiCall = (id: string, tool: string, quantity = 1, minutes = 0): Usage => ({
  id,
  at: at(minutes),
  metric: 'api_call',
  tool,
  quantity,
});
export const processing = (id: string, ms: number, minutes = 0): Usage => ({
  id,
  at: at(minutes),
  metric: 'processing_ms',
  quantity: ms,
});

export const status = (
  s: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed',
  minutes: number,
): Life => ({
  at: at(minutes),
  type: 'status',
  status: s,
});
export const humanReply = (minutes: number): Life => ({ at: at(minutes), type: 'human_reply' });
export const handoff = (minutes: number): Life => ({ at: at(minutes), type: 'handoff' });
export const csat = (score: 'good' | 'bad', minutes: number): Life => ({
  at: at(minutes),
  type: 'csat',
  score,
});

export function ticket(
  usage: Usage[],
  lifecycle: Life[],
  ticketId = '1',
  attributes?: TicketActivity['attributes'],
): TicketActivity {
  return parseActivity({ ticketId, usage, lifecycle, ...(attributes ? { attributes } : {}) });
}

const header = (currency = 'USD') => ({ id: 'p', name: 'Plan', version: 1, currency });

export function usagePlan(body: Record<string, unknown> = {}, currency?: string): Plan {
  return parsePlan({ ...header(currency), model: 'usage', ...body });
}
export function outcomePlan(body: Record<string, unknown> = {}, currency?: string): Plan {
  return parsePlan({ ...header(currency), model: 'outcome', pricePerResolution: '0.99', ...body });
}
export function creditsPlan(body: Record<string, unknown> = {}, currency?: string): Plan {
  return parsePlan({
    ...header(currency),
    model: 'credits',
    creditPrice: '0.01',
    prepaidCredits: 10,
    overagePrice: '0.02',
    burn: { conversation: 1, tool_call: 2, api_call: 3, processing_minute: 1, resolution: 5 },
    ...body,
  });
}
export function performancePlan(body: Record<string, unknown> = {}, currency?: string): Plan {
  return parsePlan({
    ...header(currency),
    model: 'base_plus_performance',
    baseFee: '10.00',
    perResolution: '0.50',
    ...body,
  });
}
export function tieredPlan(tiers: unknown[], body: Record<string, unknown> = {}): Plan {
  return parsePlan({ ...header(), model: 'tiered', tiers, ...body });
}

/** A breakdown's lines as `code → amount`, for compact assertions. */
export function amounts(b: {
  lines: readonly { code: string; amount: string }[];
}): Record<string, string> {
  return Object.fromEntries(b.lines.map((l) => [l.code, l.amount]));
}
