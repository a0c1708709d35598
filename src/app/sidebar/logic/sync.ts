/**
 * The sidebar's sync with the backend: the durable queue (a chunk of its own), sent now and
 * again when its next try is due, and the backend's answer handed back, or, when the answer
 * does not match its schema, the refusal (the backend took the sync; its breakdown is not used).
 * @module
 */
import type { TicketActivity } from '../../../pricing/index.js';
import { BackendAnswerError } from '../../sync/answer.js';
import type { Backend, BackendTicket } from '../../sync/backend.js';
import type { SyncQueue } from '../../sync/queue.js';
import type { Timers } from './timers.js';

export interface SyncDeps {
  readonly backend: Backend;
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  /** The queue's key in storage: one per account and installation. */
  readonly key: string;
  readonly now: () => Date;
  readonly timers: Timers<'sync'>;
  readonly onAnswer: (ticketId: string, answer: BackendTicket) => void;
  readonly onRefused: (ticketId: string, error: BackendAnswerError) => void;
  /** Nothing waits any more. */
  readonly onIdle: () => void;
}

export async function createSync(deps: SyncDeps) {
  const { SyncQueue } = await import('../../sync/queue.js');
  const queue: SyncQueue = new SyncQueue({
    storage: deps.storage,
    key: deps.key,
    now: () => deps.now().getTime(),
    send: async (item) => {
      let answer: BackendTicket;
      try {
        answer = await deps.backend.sync(item.ticketId, item.revision, item.activity);
      } catch (error) {
        if (!(error instanceof BackendAnswerError)) throw error;
        deps.onRefused(item.ticketId, error);
        return;
      }
      deps.onAnswer(item.ticketId, answer);
    },
  });
  let stopped = false;

  async function drain(): Promise<void> {
    if (stopped) return;
    await queue.flush();
    deps.timers.clear('sync');
    const due = queue.nextDueAt();
    if (due !== null) deps.timers.set('sync', () => void drain(), due - deps.now().getTime());
    else deps.onIdle();
  }

  return {
    enqueue(ticketId: string, at: Date, activity: TicketActivity) {
      queue.enqueue(ticketId, at.getTime(), activity);
    },
    drain,
    stop() {
      stopped = true;
    },
  };
}

export type Sync = Awaited<ReturnType<typeof createSync>>;
