/**
 * The sidebar's timers by name (the change debounce, the confirmation, the next sync try): one
 * of each at most, a new one replacing the old, and all of them cleared on stop.
 * @module
 */
export interface TimerDeps {
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

/** Browsers hold a timer's delay in 32 bits; a longer one would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function createTimers<Name extends string>(deps: TimerDeps = {}) {
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const pending = new Map<Name, unknown>();
  let stopped = false;
  const clear = (name: Name) => {
    if (pending.has(name)) clearTimer(pending.get(name));
    pending.delete(name);
  };
  return {
    /** Runs `fn` after `ms` (at most MAX_TIMER_MS), instead of any timer of that name. */
    set(name: Name, fn: () => void, ms: number) {
      clear(name);
      if (stopped) return;
      const handle = setTimer(
        () => {
          pending.delete(name);
          fn();
        },
        Math.min(MAX_TIMER_MS, Math.max(0, ms)),
      );
      pending.set(name, handle);
    },
    clear,
    /** Clears every timer; none is set after. */
    stop() {
      stopped = true;
      for (const name of [...pending.keys()]) clear(name);
    },
  };
}

export type Timers<Name extends string> = ReturnType<typeof createTimers<Name>>;
