/**
 * The sync queue: each ticket's latest activity waits here until the backend confirms it. It
 * lives in the browser's storage, so it survives a reload and a closed tab; a newer sync of a
 * ticket replaces an older one still waiting; failures retry with exponential backoff and
 * jitter. The backend takes each revision idempotently, so a retry can never count twice.
 * @module
 */
import type { TicketActivity } from '../../pricing/index.js';

export interface PendingSync {
  readonly ticketId: string;
  readonly revision: number;
  readonly activity: TicketActivity;
  readonly attempts: number;
  readonly nextAttemptAt: number;
}

export interface QueueDeps {
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  readonly key: string;
  readonly send: (item: PendingSync) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
}

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 5 * 60_000;

/** The wait before attempt n+1: doubling from 1 s to 5 min, with up to 20 % jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (1 + 0.2 * random()));
}

export class SyncQueue {
  readonly #deps: Required<QueueDeps>;
  #flushing: Promise<void> | null = null;

  constructor(deps: QueueDeps) {
    this.#deps = { now: Date.now, random: Math.random, ...deps };
  }

  #read(): Record<string, PendingSync> {
    try {
      const raw = this.#deps.storage.getItem(this.#deps.key);
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, PendingSync>) : {};
    } catch {
      return {};
    }
  }

  #write(items: Record<string, PendingSync>): void {
    this.#deps.storage.setItem(this.#deps.key, JSON.stringify(items));
  }

  /** Queues a ticket's activity; an older revision than the one waiting is dropped. */
  enqueue(ticketId: string, revision: number, activity: TicketActivity): void {
    const items = this.#read();
    const waiting = items[ticketId];
    if (waiting && waiting.revision >= revision) return;
    items[ticketId] = {
      ticketId,
      revision,
      activity,
      attempts: 0,
      nextAttemptAt: this.#deps.now(),
    };
    this.#write(items);
  }

  pending(): PendingSync[] {
    return Object.values(this.#read());
  }

  /** When the next waiting item is due, or null when nothing waits. */
  nextDueAt(): number | null {
    const due = this.pending().map((p) => p.nextAttemptAt);
    return due.length === 0 ? null : Math.min(...due);
  }

  /** Sends every item that is due, one at a time. Concurrent calls share one pass. */
  flush(): Promise<void> {
    this.#flushing ??= this.#flushOnce().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  async #flushOnce(): Promise<void> {
    const now = this.#deps.now();
    for (const item of this.pending().filter((p) => p.nextAttemptAt <= now)) {
      try {
        await this.#deps.send(item);
        const items = this.#read();
        // Only drop what was sent: a newer revision queued meanwhile still has to go.
        if (items[item.ticketId]?.revision === item.revision) {
          delete items[item.ticketId];
          this.#write(items);
        }
      } catch {
        const items = this.#read();
        const current = items[item.ticketId];
        if (current?.revision === item.revision) {
          const attempts = current.attempts + 1;
          items[item.ticketId] = {
            ...current,
            attempts,
            nextAttemptAt: this.#deps.now() + backoffMs(attempts, this.#deps.random),
          };
          this.#write(items);
        }
      }
    }
  }
}
