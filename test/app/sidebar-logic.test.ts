/**
 * The sidebar controller's parts without a DOM: timers by name, runs folded one after another,
 * the ZAF events listened to until stop, and the controller itself stopped: after stop no
 * Zendesk event, timer or sync does anything.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANGE_EVENTS, createSidebarController } from '../../src/app/sidebar/controller.js';
import { onTicketChanges } from '../../src/app/sidebar/logic/events.js';
import { serial } from '../../src/app/sidebar/logic/serial.js';
import { createTimers, MAX_TIMER_MS } from '../../src/app/sidebar/logic/timers.js';
import { loadFixtures, WorkspaceStore } from '../../src/workspace/fixtures.js';
import { zendeskApi } from '../../src/workspace/zendesk-api.js';
import type { ZafClient } from '../../src/zendesk/client.js';
import { manualTimers } from './manual-timers.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'examples', 'zendesk', 'demo.json');

/** A ZAF client over the workspace's Zendesk emulation, its events kept as the SDK keeps them. */
function zendesk(ticketId: number) {
  const store = new WorkspaceStore(loadFixtures(FIXTURES, new Date()));
  const api = zendeskApi(store, { pageSize: 2 });
  const handlers = new Map<string, Set<() => void>>();
  const requests: string[] = [];
  const client: ZafClient = {
    get: async () => ({}),
    invoke: async () => undefined,
    on: (event, handler) => {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set.add(handler as () => void));
    },
    off: (event, handler) => void handlers.get(event)?.delete(handler as () => void),
    metadata: async () => ({ installationId: 1, settings: store.fixtures.settings }),
    context: async () => ({ account: { subdomain: 'demo' }, location: 'ticket_sidebar', ticketId }),
    async request<T>(options: { url: string; type?: string; data?: string }): Promise<T> {
      requests.push(`${options.type ?? 'GET'} ${options.url}`);
      const response = await api.request(options.url, {
        method: options.type ?? 'GET',
        headers: { 'content-type': 'application/json' },
        ...(options.data ? { body: options.data } : {}),
      });
      const body = await response.json();
      if (!response.ok) throw { status: response.status, responseJSON: body, headers: {} };
      return body as T;
    },
  };
  const fire = (event: string) => {
    for (const h of handlers.get(event) ?? []) h();
  };
  return { client, handlers, requests, fire };
}

describe('timers by name', () => {
  it('keeps one timer of a name, the latest, and clears them all on stop for good', () => {
    const t = manualTimers();
    const timers = createTimers<'a' | 'b'>(t);
    const ran: string[] = [];
    timers.set('a', () => ran.push('a1'), 10);
    timers.set('a', () => ran.push('a2'), 20);
    timers.set('b', () => ran.push('b'), 2 ** 40);
    expect(t.queue.map((q) => q.ms)).toEqual([20, MAX_TIMER_MS]);
    t.queue.shift()!.fn(); // as a timer that fires: gone from the list
    expect(ran).toEqual(['a2']);
    timers.stop();
    expect(t.queue).toEqual([]);
    timers.set('a', () => ran.push('late'), 0);
    expect(t.queue).toEqual([]);
  });
});

describe('one run at a time', () => {
  it('folds the calls made during a run into one more run after it', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const run = serial(
      async () => {
        runs++;
        await new Promise<void>((r) => {
          release = r;
        });
      },
      () => false,
    );
    const first = run();
    void run();
    void run();
    expect(runs).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    release();
    await first;
    expect(runs).toBe(2);
  });
});

describe('the ticket’s change events', () => {
  it('are listened to until stop, then removed from the client and ignored', () => {
    const { client, handlers, fire } = zendesk(101);
    let changes = 0;
    const stop = onTicketChanges(client, () => changes++);
    fire('ticket.updated');
    fire('app.activated');
    expect(changes).toBe(2);
    stop();
    for (const event of CHANGE_EVENTS) expect(handlers.get(event)?.size ?? 0).toBe(0);
    fire('ticket.updated');
    expect(changes).toBe(2);
  });

  it('do nothing after stop even on a client that cannot remove them', () => {
    const { client, handlers } = zendesk(101);
    const { off: _, ...withoutOff } = client;
    let changes = 0;
    const stop = onTicketChanges(withoutOff, () => changes++);
    stop();
    for (const h of handlers.get('ticket.updated') ?? []) h();
    expect(changes).toBe(0);
  });
});

describe('a stopped controller', () => {
  it('neither recomputes on a Zendesk event nor keeps a timer', async () => {
    const t = manualTimers();
    const z = zendesk(101);
    const controller = createSidebarController(z.client, { ...t, sleep: async () => undefined });
    await controller.start();
    expect(controller.getState().kind).toBe('ready');
    // Running: an event schedules the debounced recompute.
    z.fire('ticket.updated');
    expect(t.queue).toHaveLength(1);
    controller.stop();
    expect(t.queue).toEqual([]);
    const before = z.requests.length;
    const state = controller.getState();
    for (const event of CHANGE_EVENTS) z.fire(event);
    expect(t.queue).toEqual([]);
    await controller.drain();
    expect(z.requests.length).toBe(before);
    expect(controller.getState()).toBe(state);
    for (const event of CHANGE_EVENTS) expect(z.handlers.get(event)?.size ?? 0).toBe(0);
  });
});
