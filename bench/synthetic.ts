/**
 * Deterministic synthetic traffic for benchmarks: tickets with AI usage and lifecycles drawn
 * from a seeded generator, so every run prices the same data.
 * @module
 */
import type { TicketActivity } from '../src/pricing/index.js';

/** mulberry32: a tiny seeded PRNG; good enough to vary benchmark data, not for anything else. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOOLS = ['order_lookup', 'refund', 'crm', 'kb_search', 'shipping'];
const MONTH_START = Date.UTC(2026, 10, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function syntheticTicket(ticketId: string, rnd: () => number, events = 0): TicketActivity {
  const start = MONTH_START + Math.floor(rnd() * 25 * 86_400_000);
  const count = events || 2 + Math.floor(rnd() * 6);
  const usage: TicketActivity['usage'] = [];
  for (let i = 0; i < count; i++) {
    const at = iso(start + i * 1000);
    const id = `${ticketId}-${i}`;
    const kind = i === 0 ? 0 : Math.floor(rnd() * 4);
    const tool = TOOLS[Math.floor(rnd() * TOOLS.length)]!;
    if (kind === 0) usage.push({ id, at, metric: 'conversation', quantity: 1 });
    else if (kind === 1) usage.push({ id, at, metric: 'tool_call', tool, quantity: 1 });
    else if (kind === 2)
      usage.push({ id, at, metric: 'api_call', tool, quantity: 1 + Math.floor(rnd() * 5) });
    else usage.push({ id, at, metric: 'processing_ms', quantity: Math.floor(rnd() * 60_000) });
  }
  const lifecycle: TicketActivity['lifecycle'] = [
    { at: iso(start), type: 'status', status: 'open' },
  ];
  const fate = rnd();
  const later = (minutes: number) => iso(start + count * 1000 + minutes * 60_000);
  if (fate < 0.5) lifecycle.push({ at: later(5), type: 'status', status: 'solved' });
  else if (fate < 0.7) {
    lifecycle.push(
      { at: later(3), type: 'handoff' },
      { at: later(30), type: 'status', status: 'solved' },
    );
  } else if (fate < 0.8) {
    lifecycle.push(
      { at: later(5), type: 'status', status: 'solved' },
      { at: later(600), type: 'status', status: 'open' },
    );
  }
  if (rnd() < 0.3)
    lifecycle.push({ at: later(900), type: 'csat', score: rnd() < 0.8 ? 'good' : 'bad' });
  return {
    ticketId,
    usage,
    lifecycle,
    attributes: {
      priority: rnd() < 0.2 ? 'high' : 'normal',
      channel: rnd() < 0.5 ? 'web' : 'email',
      tags: [],
    },
  };
}

export function syntheticTraffic(tickets: number, seed = 42): TicketActivity[] {
  const rnd = random(seed);
  return Array.from({ length: tickets }, (_, i) => syntheticTicket(String(i + 1), rnd));
}
