/**
 * Replays (compare, preview) run off the event loop, in a worker thread, so that a large one
 * neither stalls `/healthz` and every other request nor outlives its request: when the
 * request's deadline passes, the worker is terminated, which really stops the work, and a new
 * one is started at once for the next replay. One worker runs one replay at a time; others
 * wait in turn.
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { ReplayRequest, runReplay } from './replays.js';

type Result = ReturnType<typeof runReplay>;

interface Message {
  readonly id?: number;
  readonly ready?: true;
  readonly result?: Result;
  readonly error?: { name: string; message: string };
}

export class ReplayAbortedError extends Error {
  constructor() {
    super('the replay was stopped: its request ran out of time');
    this.name = 'ReplayAbortedError';
  }
}

interface Running {
  readonly worker: Worker;
  /** Resolves once the worker has loaded the pricing core. */
  readonly ready: Promise<void>;
  /** The replay it runs, if any: its id and how to settle it. */
  current: { id: number; settle: (outcome: { result?: Result; error?: Error }) => void } | null;
}

export class ReplayPool {
  #running: Running | null = null;
  #next = 0;
  /** Replays run one after another: a terminated worker then stops one replay, not several. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Replays started, workers started (a new one after each stop), replays running or queued. */
  readonly stats = { replays: 0, workers: 0, pending: 0 };

  #start(): Running {
    const worker = new Worker(new URL('./boot.mjs', import.meta.url));
    this.stats.workers++;
    worker.unref();
    let loaded: () => void = () => undefined;
    const running: Running = {
      worker,
      ready: new Promise<void>((resolve) => {
        loaded = resolve;
      }),
      current: null,
    };
    worker.on('message', (m: Message) => {
      if (m.ready) return loaded();
      const current = running.current;
      if (!current || current.id !== m.id) return;
      current.settle(
        m.error
          ? { error: Object.assign(new Error(m.error.message), { name: m.error.name }) }
          : { result: m.result! },
      );
    });
    // Only this worker's replay fails with it.
    const fail = (error: Error) => {
      loaded();
      if (this.#running === running) this.#running = null;
      running.current?.settle({ error });
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new ReplayAbortedError()));
    return running;
  }

  /** Starts a worker if there is none, and resolves once it has loaded (the server warms up). */
  async warm(): Promise<void> {
    this.#running ??= this.#start();
    await this.#running.ready;
  }

  /** Whether a replay is running now. */
  get busy(): boolean {
    return this.#running?.current != null;
  }

  /** Runs a replay; `signal` aborting terminates its worker and rejects with ReplayAbortedError. */
  run(request: ReplayRequest, signal?: AbortSignal): Promise<Result> {
    this.stats.pending++;
    const turn = this.#queue
      .then(() => this.#runNow(request, signal))
      .finally(() => {
        this.stats.pending--;
      });
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  #runNow(request: ReplayRequest, signal?: AbortSignal): Promise<Result> {
    if (signal?.aborted) return Promise.reject(new ReplayAbortedError());
    this.#running ??= this.#start();
    const running = this.#running;
    const id = this.#next++;
    this.stats.replays++;
    return new Promise<Result>((resolve, reject) => {
      const onAbort = () => {
        if (this.#running === running) this.#running = null;
        running.current?.settle({ error: new ReplayAbortedError() });
        void running.worker.terminate();
        // The next replay need not wait for a worker to boot (it loads the pricing core).
        this.#running ??= this.#start();
      };
      running.current = {
        id,
        settle: ({ result, error }) => {
          running.current = null;
          signal?.removeEventListener('abort', onAbort);
          running.worker.unref();
          if (error) reject(error);
          else resolve(result!);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      running.worker.ref();
      running.worker.postMessage({ id, request });
    });
  }

  async close(): Promise<void> {
    const running = this.#running;
    this.#running = null;
    if (running) await running.worker.terminate();
  }
}
