/**
 * Timers run by hand, given to the sidebar's logic under test instead of the real ones: each set
 * one is listed (with its delay) until the test runs it or the logic clears it.
 */
export function manualTimers() {
  const queue: { ms: number; fn: () => void }[] = [];
  return {
    setTimer: (fn: () => void, ms: number) => {
      const t = { ms, fn };
      queue.push(t);
      return t;
    },
    clearTimer: (t: unknown) => {
      const i = queue.indexOf(t as (typeof queue)[number]);
      if (i >= 0) queue.splice(i, 1);
    },
    queue,
  };
}
