/**
 * The sidebar's logic, without a pixel of UI: read the ticket, price it under the active plan,
 * keep the ticket's tags, queue the sync, and do it again whenever the ticket changes or a
 * pending confirmation comes due. The view only renders the state it publishes. The parts are
 * small modules of ./logic (the store, the timers, the events, the sync, the tags, and what
 * the ready state derives); this file composes them.
 * @module
 */
import type { Dispute, DisputeReason } from '../../api/disputes.js';
import { priceTicketOver, type TicketActivity, type Timeline } from '../../pricing/index.js';
import {
  readAudits,
  readTicket,
  type ZafClient,
  ZendeskRequestError,
} from '../../zendesk/client.js';
import { mapTicket } from '../../zendesk/mapping.js';
import { type AppSettings, parseSettings, SettingsError } from '../../zendesk/settings.js';
import { BackendAnswerError } from '../sync/answer.js';
import { Backend } from '../sync/backend.js';
import { onTicketChanges } from './logic/events.js';
import { fromBackend } from './logic/from-backend.js';
import { canDispute, overThreshold, pendingAdds, planGroups } from './logic/ready.js';
import { serial } from './logic/serial.js';
import type { Ready, SidebarState } from './logic/state.js';
import { createStore } from './logic/store.js';
import { createSync, type Sync } from './logic/sync.js';
import { keepTags } from './logic/tags.js';
import { createTimers, type TimerDeps } from './logic/timers.js';

export { CHANGE_EVENTS } from './logic/events.js';
export { chargesOutcome, type PlanGroup, pendingAdds, planGroups } from './logic/ready.js';

export type { ErrorCode, SidebarState, SyncState } from './logic/state.js';

export interface ControllerDeps extends TimerDeps {
  readonly now?: () => Date;
  readonly storage?: Pick<Storage, 'getItem' | 'setItem'>;
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEBOUNCE_MS = 250;

/** `GET /v1/plans/timeline, timeline[0].plan.currency`: what did not match, for the agent. */
const answerDetail = (error: BackendAnswerError) =>
  error.field ? `${error.route}, ${error.field}` : error.route;

/** Everything the ticket is priced from, once the installation is read. */
interface Session {
  readonly settings: AppSettings;
  readonly ticketId: string;
  readonly backend: Backend | null;
  readonly sync: Sync | null;
}

export function createSidebarController(client: ZafClient, deps: ControllerDeps = {}) {
  const now = deps.now ?? (() => new Date());
  const retry = {
    attempts: 4,
    sleep: deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
  };
  const store = createStore<SidebarState>({ kind: 'loading' });
  const timers = createTimers<'debounce' | 'confirm' | 'sync'>(deps);
  let session: Session | null = null;
  let stopped = false;
  let unlisten = () => {};

  /** Updates the ready state of this ticket; any other state stays. */
  const patch = (ticketId: string, change: (s: Ready) => Partial<Ready>) => {
    const s = store.get();
    if (s.kind === 'ready' && s.ticketId === ticketId) store.set({ ...s, ...change(s) });
  };

  async function open(): Promise<Session | null> {
    const [metadata, context] = await Promise.all([client.metadata(), client.context()]);
    let settings: AppSettings;
    try {
      settings = parseSettings(metadata.settings ?? {});
    } catch (error) {
      const detail = error instanceof SettingsError ? error.message : String(error);
      store.set({ kind: 'error', code: 'settings', detail });
      return null;
    }
    if (context.ticketId === undefined || context.ticketId === null) {
      store.set({ kind: 'error', code: 'no_ticket' });
      return null;
    }
    const ticketId = String(context.ticketId);
    if (!settings.backendUrl) return { settings, ticketId, backend: null, sync: null };
    const account = context.account?.subdomain ?? '';
    // The token names the agent, so that a dispute records who made it as Zendesk signs it.
    // The durable queue is a chunk of its own, fetched beside the user.
    const [user] = await Promise.all([
      client.get('currentUser.id').catch(() => ({}) as Record<string, unknown>),
      import('../sync/queue.js'),
    ]);
    const userId = user['currentUser.id'];
    const backend = new Backend(
      client,
      settings.backendUrl,
      account,
      typeof userId === 'number' || typeof userId === 'string' ? String(userId) : null,
    );
    const threshold = settings.costThreshold;
    const sync = await createSync({
      backend,
      storage: deps.storage ?? globalThis.localStorage,
      key: `aicm-sync:${account}:${metadata.installationId ?? 0}`,
      now,
      timers,
      // The backend's own breakdown is authoritative for the ticket on screen.
      onAnswer: (id, answer) => {
        const b = answer.breakdown;
        if (!b) return;
        patch(id, (s) => ({
          breakdown: b,
          pendingAdds: pendingAdds(b),
          sync: 'synced',
          canDispute: canDispute(true, b, s.disputes),
          overThreshold: overThreshold(b, threshold),
        }));
      },
      // Its breakdown is not one to show: the sidebar's own stays, and the agent is told why.
      onRefused: (id, error) =>
        patch(id, () => ({ sync: 'refused', syncDetail: answerDetail(error) })),
      onIdle: () => {
        const s = store.get();
        if (s.kind === 'ready' && s.sync === 'queued') store.set({ ...s, sync: 'synced' });
      },
    });
    return { settings, ticketId, backend, sync };
  }

  async function compute(s: Session): Promise<void> {
    const { settings, ticketId } = s;
    const [ticket, { audits, users }, { timeline, posted, disputes }] = await Promise.all([
      readTicket(client, ticketId, retry),
      readAudits(client, ticketId, retry),
      fromBackend(s.settings, s.ticketId, s.backend),
    ]);
    if (!timeline) return store.set({ kind: 'error', code: 'plan' });
    const { activity, diagnostics } = mapTicket({
      ticket,
      audits,
      users,
      settings,
      backendUsage: posted,
    });
    const at = now();
    const breakdown = priceTicketOver(timeline, activity, { asOf: at });
    // The plan the breakdown names: that of the ticket's latest charge, or the one in force.
    const plan = timeline.plans.find(
      (p) => p.plan.id === breakdown.planId && p.plan.version === breakdown.planVersion,
    )!.plan;
    const hasAi = activity.usage.length > 0;
    const over = overThreshold(breakdown, settings.costThreshold);
    store.set({
      kind: 'ready',
      ticketId,
      plan: {
        id: plan.id,
        version: plan.version,
        name: plan.name,
        currency: plan.currency,
        model: plan.model,
      },
      planGroups: planGroups(timeline, breakdown),
      activity,
      breakdown,
      explanation: null,
      timeline,
      toolNames: settings.toolNames,
      hasAi,
      pendingAdds: pendingAdds(breakdown),
      diagnostics,
      sync: s.sync ? 'queued' : 'disabled',
      computedAt: at.toISOString(),
      disputes,
      canDispute: canDispute(s.backend !== null, breakdown, disputes),
      overThreshold: over,
    });
    // The pending confirmation turns into a resolution while the ticket is open.
    timers.clear('confirm');
    if (breakdown.confirmsAt) {
      const wait = Date.parse(breakdown.confirmsAt) - now().getTime();
      timers.set('confirm', () => void refresh(), Math.max(0, wait) + 50);
    }
    await explainNow(timeline, activity, at);
    const disputed = disputes.length > 0 || ticket.tags.includes(`${settings.tagPrefix}disputed`);
    await keepTags(
      client,
      ticketId,
      settings.tagPrefix,
      { tags: ticket.tags, stamp: ticket.updated_at ?? '' },
      { breakdown, hasAi, disputed, over: over !== null },
      retry,
    );
    if (s.sync && hasAi) {
      s.sync.enqueue(ticketId, at, activity);
      await s.sync.drain();
    } else if (s.sync) patch(ticketId, () => ({ sync: 'synced' }));
  }

  /**
   * Adds the explanation to the state on screen. Its code is a chunk of its own, loaded after
   * the cost is shown; if it cannot be loaded the sidebar goes on without a Why?.
   */
  async function explainNow(timeline: Timeline, activity: TicketActivity, at: Date) {
    try {
      const { explainTicket } = await import('../../pricing/explain/explain.js');
      const s = store.get();
      if (s.kind !== 'ready' || s.computedAt !== at.toISOString()) return;
      store.set({ ...s, explanation: explainTicket(timeline, activity, { asOf: at }) });
    } catch {
      // Offline mid-load: the cost stands without its explanation.
    }
  }

  /** Recomputes; calls that arrive while one runs are folded into one more run after it. */
  const refresh = serial(
    async () => {
      if (!session) return;
      try {
        await compute(session);
      } catch (error) {
        const rateLimited = error instanceof ZendeskRequestError && error.code === 'rate_limited';
        store.set(
          error instanceof BackendAnswerError
            ? { kind: 'error', code: 'backend_answer', detail: answerDetail(error) }
            : {
                kind: 'error',
                code: rateLimited ? 'rate_limited' : 'zendesk',
                detail: (error as Error).message,
              },
        );
      }
    },
    () => stopped,
  );

  /**
   * Disputes the ticket's charged outcome: the backend records it (with its own amount and the
   * agent its token names), then the ticket gets the `<prefix>disputed` tag.
   */
  async function dispute(reason: DisputeReason, note: string | null): Promise<Dispute> {
    const s = session;
    if (!s?.backend || store.get().kind !== 'ready') throw new Error('nothing to dispute');
    const made = await s.backend.dispute(s.ticketId, reason, note);
    patch(s.ticketId, (r) => {
      const disputes = [...r.disputes, made];
      return { disputes, canDispute: canDispute(true, r.breakdown, disputes) };
    });
    const fresh = await readTicket(client, s.ticketId, retry);
    const now = store.get();
    if (now.kind === 'ready') {
      const over = now.overThreshold !== null;
      const facts = { breakdown: now.breakdown, hasAi: now.hasAi, disputed: true, over };
      const current = { tags: fresh.tags, stamp: fresh.updated_at ?? '' };
      await keepTags(client, s.ticketId, s.settings.tagPrefix, current, facts, retry);
    }
    return made;
  }

  return {
    getState: store.get,
    dispute,
    subscribe: store.subscribe,
    async start(): Promise<void> {
      session = await open();
      if (!session || stopped) return;
      unlisten = onTicketChanges(client, () =>
        timers.set('debounce', () => void refresh(), DEBOUNCE_MS),
      );
      await refresh();
    },
    refresh,
    /** Sends what waits in the queue now (e.g. when the browser comes back online). */
    drain: async () => {
      if (!stopped) await session?.sync?.drain();
    },
    /** Stops listening to Zendesk and clears every timer: nothing runs after. */
    stop() {
      stopped = true;
      unlisten();
      timers.stop();
      session?.sync?.stop();
    },
  };
}

export type SidebarController = ReturnType<typeof createSidebarController>;
