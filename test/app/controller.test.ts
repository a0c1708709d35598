/**
 * The sidebar controller against the workspace's Zendesk emulation (Zendesk's documented JSON
 * from the demo fixtures): each state, tags kept on the ticket, live recomputation, and a
 * pending confirmation that turns into a resolution while the ticket stays open.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSidebarController, type SidebarState } from '../../src/app/sidebar/controller.js';
import { loadFixtures, WorkspaceStore } from '../../src/workspace/fixtures.js';
import { zendeskApi } from '../../src/workspace/zendesk-api.js';
import type { ZafClient } from '../../src/zendesk/client.js';
import { manualTimers } from './manual-timers.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'examples', 'zendesk', 'demo.json');

function zendesk(ticketId: number, settings: Record<string, unknown> = {}, now = new Date()) {
  const store = new WorkspaceStore(loadFixtures(FIXTURES, now));
  const api = zendeskApi(store, { pageSize: 2 });
  const handlers = new Map<string, () => void>();
  const client: ZafClient = {
    get: async () => ({}),
    invoke: async () => undefined,
    on: (event, handler) => void handlers.set(event, handler as () => void),
    metadata: async () => ({
      installationId: 1,
      settings: { ...store.fixtures.settings, ...settings },
    }),
    context: async () => ({ account: { subdomain: 'demo' }, location: 'ticket_sidebar', ticketId }),
    async request<T>(options: { url: string; type?: string; data?: string }): Promise<T> {
      const response = await api.request(options.url.replace(/^https?:\/\/[^/]+/, ''), {
        method: options.type ?? 'GET',
        headers: { 'content-type': 'application/json' },
        ...(options.data ? { body: options.data } : {}),
      });
      const body = await response.json();
      if (!response.ok)
        throw {
          status: response.status,
          responseJSON: body,
          headers: { 'retry-after': response.headers.get('retry-after') },
        };
      return body as T;
    },
  };
  return { store, client, handlers, api };
}

const ready = (s: SidebarState) => {
  if (s.kind !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(s)}`);
  return s;
};

describe('sidebar controller', () => {
  it('prices the ticket under the default plan and keeps the app’s tags on it', async () => {
    const { client, store } = zendesk(101);
    const controller = createSidebarController(client, {
      ...manualTimers(),
      sleep: async () => undefined,
    });
    await controller.start();
    const state = ready(controller.getState());
    expect(state).toMatchObject({
      ticketId: '101',
      hasAi: true,
      sync: 'disabled',
      pendingAdds: null,
    });
    expect(state.breakdown).toMatchObject({ outcome: 'ai_resolved', total: '0.99' });
    expect(store.ticket(101)!.ticket.tags.sort()).toEqual([
      'aicm_ai_used',
      'aicm_outcome_ai_resolved',
      'aicm_tool_order_lookup',
    ]);
  });

  it('keeps the disputed tag, explains the outcome, and offers no dispute without a backend', async () => {
    const { client, store } = zendesk(101);
    store.ticket(101)!.ticket.tags.push('aicm_disputed', 'aicm_outcome_assisted');
    const controller = createSidebarController(client, {
      ...manualTimers(),
      sleep: async () => undefined,
    });
    await controller.start();
    const state = ready(controller.getState());
    expect(state.explanation).toMatchObject({ rule: 2, outcome: 'ai_resolved' });
    expect(state.explanation?.breakdown.total).toBe(state.breakdown.total);
    expect(state.toolNames.get('crm')).toBe('CRM');
    expect(state.canDispute).toBe(false);
    await expect(controller.dispute('other', null)).rejects.toThrow();
    // The stale outcome tag goes; the disputed one stays: the ticket was disputed.
    expect(store.ticket(101)!.ticket.tags.sort()).toEqual([
      'aicm_ai_used',
      'aicm_disputed',
      'aicm_outcome_ai_resolved',
      'aicm_tool_order_lookup',
    ]);
  });

  it('writes tags only when they change', async () => {
    const { client, store } = zendesk(101);
    const controller = createSidebarController(client, {
      ...manualTimers(),
      sleep: async () => undefined,
    });
    await controller.start();
    const audits = store.ticket(101)!.audits.length;
    await controller.refresh();
    expect(store.ticket(101)!.audits.length).toBe(audits);
  });

  it('shows what a pending resolution adds, and confirms it when the window passes', async () => {
    let now = new Date();
    const t = manualTimers();
    const { client, store } = zendesk(102, {}, now);
    const controller = createSidebarController(client, {
      ...t,
      now: () => now,
      sleep: async () => undefined,
    });
    await controller.start();
    const pending = ready(controller.getState());
    expect(pending.breakdown.outcome).toBe('pending_confirmation');
    expect(pending.pendingAdds).toBe('0.99');
    expect(store.ticket(102)!.ticket.tags).toContain('aicm_outcome_pending_confirmation');
    // The confirmation timer is set for confirmsAt; fire it as if the time had come.
    const timer = t.queue.find((q) => q.ms > 60_000)!;
    now = new Date(Date.parse(pending.breakdown.confirmsAt!) + 1000);
    timer.fn();
    await controller.refresh();
    const confirmed = ready(controller.getState());
    expect(confirmed.breakdown.outcome).toBe('ai_resolved');
    expect(confirmed.pendingAdds).toBeNull();
    const tags = store.ticket(102)!.ticket.tags;
    expect(tags).toContain('aicm_outcome_ai_resolved');
    expect(tags).not.toContain('aicm_outcome_pending_confirmation');
  });

  it('recomputes when Zendesk says the ticket changed', async () => {
    const t = manualTimers();
    const { client, store, handlers } = zendesk(105);
    const controller = createSidebarController(client, { ...t, sleep: async () => undefined });
    await controller.start();
    expect(ready(controller.getState()).breakdown.outcome).toBe('in_progress');
    store.act(105, 'human_reply');
    handlers.get('ticket.updated')!();
    t.queue.at(-1)!.fn(); // the debounce
    await controller.refresh();
    expect(ready(controller.getState()).breakdown.outcome).toBe('escalated');
  });

  it('shows the empty state for a ticket without AI, and tags nothing', async () => {
    const { client, store } = zendesk(107);
    const controller = createSidebarController(client, {
      ...manualTimers(),
      sleep: async () => undefined,
    });
    await controller.start();
    expect(ready(controller.getState()).hasAi).toBe(false);
    expect(store.ticket(107)!.ticket.tags.filter((tag) => tag.startsWith('aicm_'))).toEqual([]);
  });

  it('reports a bad setting by name, a missing plan, and a Zendesk that keeps refusing', async () => {
    const bad = createSidebarController(
      zendesk(101, { csat_good_threshold: '11' }).client,
      manualTimers(),
    );
    await bad.start();
    expect(bad.getState()).toMatchObject({ kind: 'error', code: 'settings' });
    expect((bad.getState() as { detail: string }).detail).toMatch(/csat_good_threshold/);
    const noPlan = createSidebarController(
      zendesk(101, { default_plan: '' }).client,
      manualTimers(),
    );
    await noPlan.start();
    expect(noPlan.getState()).toMatchObject({ kind: 'error', code: 'plan' });
    const limited = zendesk(101);
    await limited.api.request('/limit', {
      method: 'POST',
      body: JSON.stringify({ count: 50 }),
      headers: { 'content-type': 'application/json' },
    });
    const c = createSidebarController(limited.client, {
      ...manualTimers(),
      sleep: async () => undefined,
    });
    await c.start();
    expect(c.getState()).toMatchObject({ kind: 'error', code: 'rate_limited' });
  });

  it('waits out a short rate limit and shows the right number', async () => {
    const z = zendesk(101);
    await z.api.request('/limit', {
      method: 'POST',
      body: JSON.stringify({ count: 2 }),
      headers: { 'content-type': 'application/json' },
    });
    const waits: number[] = [];
    const c = createSidebarController(z.client, {
      ...manualTimers(),
      sleep: async (ms) => void waits.push(ms),
    });
    await c.start();
    expect(ready(c.getState()).breakdown.total).toBe('0.99');
    expect(waits).toEqual([1000, 1000]);
  });
});
