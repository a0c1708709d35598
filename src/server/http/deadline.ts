/**
 * A request's deadline (REQUEST_TIMEOUT_MS). Answering 503 in time is not enough: the work
 * must stop too. Work that can be stopped watches `signal` (replays run in a worker that is
 * terminated, the repricing loop checks it between batches). A write that must never be
 * answered 503 once committed runs in `commit`: refused when the deadline has passed, and
 * waited for when it passes meanwhile, so that a 503 always means nothing was stored.
 * @module
 */
import { HTTPException } from 'hono/http-exception';

export class Deadline {
  readonly #controller = new AbortController();
  #committing = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ms: number) {}

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** A 503 if the deadline has passed. */
  check(): void {
    if (this.signal.aborted) throw new HTTPException(503, { message: 'timeout' });
  }

  async commit<T>(work: () => Promise<T>): Promise<T> {
    this.check();
    this.#committing++;
    try {
      return await work();
    } finally {
      this.#committing--;
    }
  }

  /** The handler's work, or a 503 at the deadline (unless a commit is under way then). */
  race<T>(work: Promise<T>): Promise<T> {
    const expired = new Promise<never>((_, reject) => {
      this.#timer = setTimeout(() => {
        // A commit under way is waited for: its answer follows it.
        if (this.#committing > 0) return;
        this.#controller.abort();
        reject(new HTTPException(503, { message: 'timeout' }));
      }, this.ms);
    });
    return Promise.race([work, expired]).finally(() => clearTimeout(this.#timer));
  }
}
