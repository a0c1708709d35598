/**
 * A fixed-window limit per key (a tenant, or a client address): enough to stop one account
 * starving the others, or one address guessing tokens or flooding webhooks.
 * @module
 */
export class RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait, or 0 when the request may go ahead; `consume: false` only looks. */
  take(key: string, consume = true): number {
    const t = this.now();
    // Many keys (client addresses): forget the windows that have ended.
    if (this.#windows.size > 10_000)
      for (const [k, w] of this.#windows) if (t - w.start >= 60_000) this.#windows.delete(k);
    const w = this.#windows.get(key);
    if (!w || t - w.start >= 60_000) {
      if (consume) this.#windows.set(key, { start: t, count: 1 });
      return 0;
    }
    if (w.count >= this.perMinute) return Math.ceil((w.start + 60_000 - t) / 1000);
    if (consume) w.count++;
    return 0;
  }
}
