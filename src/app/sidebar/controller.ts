/**
 * The sidebar's logic, without a pixel of UI: read the ticket, price it under the active plan,
 * keep the ticket's tags, queue the sync, and do it again whenever the ticket changes or a
 * pending confirmation comes due. The view only renders the state it publishes.
 * @module
 */
import { DISPUTABLE_CODES, type Dispute, type DisputeReason } from '../../api/disputes.js';
import { reachesThreshold } from '../../pricing/budget/threshold.js';
import {
  type Breakdown,
  type Explanation,
  formatAmount,
  type Plan,
  parseAmount,
  priceTicketOver,
  singlePlanTimeline,
  subtractMoney,
  type TicketActivity,
  type Timeline,
  type UsageEvent,
} from '../../pricing/index.js';
import {
  readAudits,
  readTicket,
  writeTags,
  type ZafClient,
  ZendeskRequestError,
} from '../../zendesk/client.js';
import { type Diagnostic, mapTicket } from '../../zendesk/mapping.js';
import { type AppSettings, parseSettings, SettingsError } from '../../zendesk/settings.js';
import { isEmptyChange, tagChange, wantedTags } from '../../zendesk/tags.js';
import { BackendAnswerError } from '../sync/answer.js';
import { Backend } from '../sync/backend.js';
import type { SyncQueue } from '../sync/queue.js';

export type ErrorCode =
  | 'settings'
  | 'zendesk'
  | 'rate_limited'
  | 'plan'
  | 'no_ticket'
  | 'backend_answer';

/** `refused`: the backend took the sync but its answer did not match its schema (not used). */
export type SyncState = 'disabled' | 'queued' | 'synced' | 'refused';

export type SidebarState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly code: ErrorCode; readonly detail?: string }
  | {
      readonly kind: 'ready';
      readonly ticketId: string;
      readonly plan: {
        readonly id: string;
        readonly version: number;
        readonly name: string;
        readonly currency: string;
        readonly model: Plan['model'];
      };
      /** When the lines come from more than one plan: each plan and when it was in force. */
      readonly planGroups: readonly PlanGroup[];
      readonly activity: TicketActivity;
      readonly breakdown: Breakdown;
      /**
       * Why it costs what it does, from the same inputs as the breakdown (spec section 10); null
       * until its code has loaded, just after the cost is on screen.
       */
      readonly explanation: Explanation | null;
      /** The plans it was priced over (the Why? reads a tier's conditions from them). */
      readonly timeline: Timeline;
      /** The installation's tool labels (`tool_names`). */
      readonly toolNames: ReadonlyMap<string, string>;
      readonly hasAi: boolean;
      /** While pending: what the confirmed resolution adds (total − confirmed), else null. */
      readonly pendingAdds: string | null;
      readonly diagnostics: readonly Diagnostic[];
      readonly sync: SyncState;
      /** With `sync: 'refused'`: the route and field of the answer that did not match. */
      readonly syncDetail?: string;
      readonly computedAt: string;
      /** The ticket's disputes on record at the backend (none without one). */
      readonly disputes: readonly Dispute[];
      /** Whether an agent can dispute now: a backend, a charged outcome, no open dispute. */
      readonly canDispute: boolean;
      /** The `cost_threshold` the running cost has reached (provisional included), else null. */
      readonly overThreshold: string | null;
    };

export interface PlanGroup {
  readonly key: string;
  readonly name: string;
  readonly version: number;
  /** The stretches it was in force, as ISO instants (null: open-ended). */
  readonly inForce: readonly { from: string | null; to: string | null }[];
}

/** The plans a breakdown's lines come from, when there are two or more. */
export function planGroups(timeline: Timeline, breakdown: Breakdown): PlanGroup[] {
  const keys = breakdown.plans ?? [];
  if (keys.length < 2) return [];
  const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
  return keys.map((key) => {
    const plan = timeline.plans.find((p) => p.key === key)!;
    return {
      key,
      name: plan.plan.name,
      version: plan.plan.version,
      inForce: timeline.segments
        .filter((seg) => seg.plan.key === key)
        .map((seg) => ({ from: iso(seg.from), to: iso(seg.to) })),
    };
  });
}

export interface ControllerDeps {
  readonly now?: () => Date;
  readonly storage?: Pick<Storage, 'getItem' | 'setItem'>;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The ZAF events after which the ticket may have changed. */
export const CHANGE_EVENTS = [
  'ticket.status.changed',
  'ticket.comments.changed',
  'ticket.tags.changed',
  'ticket.updated',
  'ticket.saved',
  'app.activated',
] as const;

const DEBOUNCE_MS = 250;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Whether the breakdown charges an outcome (a line a dispute is about, with an amount). */
export function chargesOutcome(b: Breakdown): boolean {
  return b.lines.some((l) => DISPUTABLE_CODES.includes(l.code) && /[1-9]/.test(l.amount));
}

/** `GET /v1/plans/timeline, timeline[0].plan.currency`: what did not match, for the agent. */
function answerDetail(error: BackendAnswerError): string {
  return error.field ? `${error.route}, ${error.field}` : error.route;
}

export function pendingAdds(b: Breakdown): string | null {
  if (!b.provisional) return null;
  // The breakdown may be the backend's, as JSON: its amounts are read back exactly.
  const total = parseAmount(b.total, b.currency);
  return formatAmount(subtractMoney(total, parseAmount(b.confirmedTotal, b.currency)));
}

export function createSidebarController(client: ZafClient, deps: ControllerDeps = {}) {
  const now = deps.now ?? (() => new Date());
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const retry = {
    attempts: 4,
    sleep: deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
  };
  const listeners = new Set<(s: SidebarState) => void>();
  let state: SidebarState = { kind: 'loading' };
  let settings: AppSettings | null = null;
  let ticketId = '';
  let backend: Backend | null = null;
  let queue: SyncQueue | null = null;
  let confirmTimer: unknown = null;
  let debounce: unknown = null;
  let syncTimer: unknown = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const publish = (next: SidebarState) => {
    state = next;
    for (const l of listeners) l(state);
  };

  async function setup(): Promise<boolean> {
    const [metadata, context] = await Promise.all([client.metadata(), client.context()]);
    try {
      settings = parseSettings(metadata.settings ?? {});
    } catch (error) {
      publish({
        kind: 'error',
        code: 'settings',
        detail: error instanceof SettingsError ? error.message : String(error),
      });
      return false;
    }
    if (context.ticketId === undefined || context.ticketId === null) {
      publish({ kind: 'error', code: 'no_ticket' });
      return false;
    }
    ticketId = String(context.ticketId);
    const account = context.account?.subdomain ?? '';
    if (settings.backendUrl) {
      // The token names the agent, so that a dispute records who made it as Zendesk signs it.
      // The durable queue is a chunk of its own, fetched beside the user: the first paint
      // never waits on it alone.
      const [user, { SyncQueue }] = await Promise.all([
        client.get('currentUser.id').catch(() => ({}) as Record<string, unknown>),
        import('../sync/queue.js'),
      ]);
      const userId = user['currentUser.id'];
      backend = new Backend(
        client,
        settings.backendUrl,
        account,
        typeof userId === 'number' || typeof userId === 'string' ? String(userId) : null,
      );
      const b = backend;
      queue = new SyncQueue({
        storage: deps.storage ?? globalThis.localStorage,
        key: `aicm-sync:${account}:${metadata.installationId ?? 0}`,
        now: () => now().getTime(),
        send: async (item) => {
          let answer: Awaited<ReturnType<Backend['sync']>>;
          try {
            answer = await b.sync(item.ticketId, item.revision, item.activity);
          } catch (error) {
            if (!(error instanceof BackendAnswerError)) throw error;
            // The backend took the sync (2xx), but its breakdown is not one to show: the
            // sidebar's own stays, and the agent is told why it is not the backend's.
            if (item.ticketId === ticketId && state.kind === 'ready')
              publish({ ...state, sync: 'refused', syncDetail: answerDetail(error) });
            return;
          }
          // The backend's own breakdown is authoritative for the ticket on screen.
          if (answer.breakdown && item.ticketId === ticketId && state.kind === 'ready') {
            publish({
              ...state,
              breakdown: answer.breakdown,
              pendingAdds: pendingAdds(answer.breakdown),
              sync: 'synced',
              canDispute: canDispute(answer.breakdown, state.disputes),
              overThreshold: overThreshold(answer.breakdown),
            });
          }
        },
      });
    }
    return true;
  }

  /**
   * The backend's timeline of plans and posted usage; while the backend is unreachable (or has
   * no plan yet) the sidebar goes on with the default plan and the ticket's own usage, and the
   * sync waits in the queue.
   */
  async function fromBackend(): Promise<{
    timeline: Timeline | null;
    posted: UsageEvent[];
    disputes: Dispute[];
  }> {
    const fallback = settings?.defaultPlan ? singlePlanTimeline(settings.defaultPlan) : null;
    if (backend) {
      try {
        const [timeline, posted, disputes] = await Promise.all([
          backend.timeline(),
          backend.postedUsage(ticketId),
          // A backend from before disputes: none, and the rest goes on.
          backend.disputes(ticketId).catch((error: unknown) => {
            if (error instanceof BackendAnswerError) throw error;
            return [];
          }),
        ]);
        return { timeline: timeline ?? fallback, posted, disputes };
      } catch (error) {
        // An answer that does not match is not used, and not hidden behind the default plan.
        if (error instanceof BackendAnswerError) throw error;
        // Unreachable: fall through to what the installation itself knows.
      }
    }
    return { timeline: fallback, posted: [], disputes: [] };
  }

  const overThreshold = (b: Breakdown) => {
    const threshold = settings?.costThreshold ?? null;
    return threshold !== null && reachesThreshold(b.total, threshold) ? threshold : null;
  };

  const canDispute = (b: Breakdown, disputes: readonly Dispute[]) =>
    backend !== null && chargesOutcome(b) && !disputes.some((d) => d.status === 'open');

  async function compute(): Promise<void> {
    const s = settings!;
    const [ticket, { audits, users }, { timeline, posted, disputes }] = await Promise.all([
      readTicket(client, ticketId, retry),
      readAudits(client, ticketId, retry),
      fromBackend(),
    ]);
    if (!timeline) {
      publish({ kind: 'error', code: 'plan' });
      return;
    }
    const { activity, diagnostics } = mapTicket({
      ticket,
      audits,
      users,
      settings: s,
      backendUsage: posted,
    });
    const at = now();
    const breakdown = priceTicketOver(timeline, activity, { asOf: at });
    // The plan the breakdown names: that of the ticket's latest charge, or the one in force.
    const plan: Plan = timeline.plans.find(
      (p) => p.plan.id === breakdown.planId && p.plan.version === breakdown.planVersion,
    )!.plan;
    const hasAi = activity.usage.length > 0;
    publish({
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
      toolNames: s.toolNames,
      hasAi,
      pendingAdds: pendingAdds(breakdown),
      diagnostics,
      sync: queue ? 'queued' : 'disabled',
      computedAt: at.toISOString(),
      disputes,
      canDispute: canDispute(breakdown, disputes),
      overThreshold: overThreshold(breakdown),
    });
    scheduleConfirmation(breakdown);
    await explainNow(timeline, activity, at);
    const disputed = disputes.length > 0 || ticket.tags.includes(`${s.tagPrefix}disputed`);
    await keepTags(ticket.tags, ticket.updated_at ?? '', breakdown, hasAi, disputed);
    if (queue && hasAi) {
      queue.enqueue(ticketId, at.getTime(), activity);
      await drain();
    } else if (queue && state.kind === 'ready') {
      publish({ ...state, sync: 'synced' });
    }
  }

  /**
   * Adds the explanation to the state on screen. Its code is a chunk of its own, loaded after
   * the cost is shown (the sidebar's first paint needs only the breakdown); if it cannot be
   * loaded the sidebar goes on without a Why?.
   */
  async function explainNow(timeline: Timeline, activity: TicketActivity, at: Date) {
    try {
      const { explainTicket } = await import('../../pricing/explain/explain.js');
      if (state.kind !== 'ready' || state.computedAt !== at.toISOString()) return;
      publish({ ...state, explanation: explainTicket(timeline, activity, { asOf: at }) });
    } catch {
      // Offline mid-load: the cost stands without its explanation.
    }
  }

  async function keepTags(
    current: readonly string[],
    stamp: string,
    breakdown: Breakdown,
    hasAi: boolean,
    disputed: boolean,
  ) {
    const prefix = settings!.tagPrefix;
    const over = overThreshold(breakdown) !== null;
    const wanted = wantedTags(prefix, breakdown, hasAi, disputed, over);
    let change = tagChange(prefix, wanted, current);
    if (isEmptyChange(change)) return;
    try {
      await writeTags(client, ticketId, change, stamp, retry);
    } catch (error) {
      if (!(error instanceof ZendeskRequestError) || error.code !== 'conflict') throw error;
      // Someone saved the ticket meanwhile: read it again and write against the new stamp.
      const fresh = await readTicket(client, ticketId, retry);
      change = tagChange(prefix, wanted, fresh.tags);
      if (!isEmptyChange(change))
        await writeTags(client, ticketId, change, fresh.updated_at ?? '', retry);
    }
  }

  async function drain(): Promise<void> {
    if (!queue || stopped) return;
    await queue.flush();
    if (syncTimer !== null) clearTimer(syncTimer);
    syncTimer = null;
    const due = queue.nextDueAt();
    if (due !== null) {
      syncTimer = setTimer(() => void drain(), Math.max(0, due - now().getTime()));
    } else if (state.kind === 'ready' && state.sync === 'queued') {
      // Sent; a refused answer stays on screen as such.
      publish({ ...state, sync: 'synced' });
    }
  }

  function scheduleConfirmation(b: Breakdown) {
    if (confirmTimer !== null) clearTimer(confirmTimer);
    confirmTimer = null;
    if (!b.confirmsAt) return;
    const wait = Date.parse(b.confirmsAt) - now().getTime();
    // The pending confirmation turns into a resolution while the ticket is open.
    confirmTimer = setTimer(() => void refresh(), Math.min(MAX_TIMER_MS, Math.max(0, wait) + 50));
  }

  /** Recomputes; calls that arrive while one runs are folded into one more run after it. */
  function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await compute();
        } catch (error) {
          const rateLimited = error instanceof ZendeskRequestError && error.code === 'rate_limited';
          publish(
            error instanceof BackendAnswerError
              ? { kind: 'error', code: 'backend_answer', detail: answerDetail(error) }
              : {
                  kind: 'error',
                  code: rateLimited ? 'rate_limited' : 'zendesk',
                  detail: (error as Error).message,
                },
          );
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  /**
   * Disputes the ticket's charged outcome: the backend records it (with its own amount and the
   * agent its token names), then the ticket gets the `<prefix>disputed` tag.
   */
  async function dispute(reason: DisputeReason, note: string | null): Promise<Dispute> {
    if (!backend || state.kind !== 'ready') throw new Error('nothing to dispute');
    const made = await backend.dispute(ticketId, reason, note);
    if (state.kind === 'ready') {
      const disputes = [...state.disputes, made];
      publish({ ...state, disputes, canDispute: canDispute(state.breakdown, disputes) });
    }
    const fresh = await readTicket(client, ticketId, retry);
    if (state.kind === 'ready')
      await keepTags(fresh.tags, fresh.updated_at ?? '', state.breakdown, state.hasAi, true);
    return made;
  }

  return {
    getState: () => state,
    dispute,
    subscribe(listener: (s: SidebarState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start(): Promise<void> {
      if (!(await setup())) return;
      for (const event of CHANGE_EVENTS) {
        client.on(event, () => {
          if (debounce !== null) clearTimer(debounce);
          debounce = setTimer(() => void refresh(), DEBOUNCE_MS);
        });
      }
      await refresh();
    },
    refresh,
    /** Sends what waits in the queue now (e.g. when the browser comes back online). */
    drain,
    stop() {
      stopped = true;
      for (const t of [confirmTimer, debounce, syncTimer]) if (t !== null) clearTimer(t);
    },
  };
}

export type SidebarController = ReturnType<typeof createSidebarController>;
