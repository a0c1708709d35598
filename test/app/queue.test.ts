/**
 * The durable sync queue: replace-older, backoff, delivery once per revision, and surviving a
 * reload (a new queue over the same storage).
 */
import { describe, expect, it } from 'vitest';
import { backoffMs, type PendingSync, SyncQueue } from '../../src/app/sync/queue.js';
import type { TicketActivity } from '../../src/pricing/index.js';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const activity = (ticketId: string): TicketActivity => ({ ticketId, usage: [], lifecycle: [] });

function setup(send: (item: PendingSync) => Promise<void>) {
  let now = 1_000_000;
  const storage = new MemoryStorage();
  const make = () => new SyncQueue({ storage, key: 'k', send, now: () => now, random: () => 0 });
  return { storage, make, advance: (ms: number) => (now += ms), now: () => now };
}

describe('sync queue', () => {
  it('keeps only the newest revision of a ticket, and ignores an older one', async () => {
    const sent: number[] = [];
    const { make } = setup(async (item) => void sent.push(item.revision));
    const q = make();
    q.enqueue('1', 5, activity('1'));
    q.enqueue('1', 7, activity('1'));
    q.enqueue('1', 6, activity('1'));
    expect(q.pending().map((p) => p.revision)).toEqual([7]);
    await q.flush();
    expect(sent).toEqual([7]);
    expect(q.pending()).toEqual([]);
  });

  it('retries a failed send with doubling delays, and delivers once it succeeds', async () => {
    let failing = true;
    const sent: number[] = [];
    const { make, advance } = setup(async (item) => {
      if (failing) throw new Error('backend down');
      sent.push(item.revision);
    });
    const q = make();
    q.enqueue('1', 1, activity('1'));
    await q.flush();
    const first = q.pending()[0]!;
    expect(first.attempts).toBe(1);
    await q.flush(); // not due yet: nothing is sent
    expect(q.pending()[0]!.attempts).toBe(1);
    advance(1000);
    await q.flush();
    expect(q.pending()[0]!.attempts).toBe(2);
    failing = false;
    advance(2000);
    await q.flush();
    await q.flush();
    expect(sent).toEqual([1]);
    expect(q.pending()).toEqual([]);
  });

  it('survives a reload: a new queue over the same storage sends what waited', async () => {
    const sent: string[] = [];
    const { make } = setup(async (item) => void sent.push(item.ticketId));
    make().enqueue('9', 1, activity('9'));
    await make().flush();
    expect(sent).toEqual(['9']);
  });

  it('keeps a newer revision queued while an older one was in flight', async () => {
    let q!: SyncQueue;
    const { make } = setup(async (item) => {
      if (item.revision === 1) q.enqueue('1', 2, activity('1'));
    });
    q = make();
    q.enqueue('1', 1, activity('1'));
    await q.flush();
    expect(q.pending().map((p) => p.revision)).toEqual([2]);
  });

  it('backs off from 1 s, doubling, to at most 5 minutes, with bounded jitter', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30, () => 0)).toBe(300_000);
    expect(backoffMs(1, () => 1)).toBe(1200);
  });

  it('reads a corrupt store as empty instead of failing', () => {
    const { storage, make } = setup(async () => undefined);
    storage.setItem('k', '{not json');
    expect(make().pending()).toEqual([]);
  });
});
