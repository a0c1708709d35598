/**
 * One run at a time: a call while one runs is folded, with any others, into one more run after
 * it, so a burst of ticket changes recomputes the ticket twice at most, never in parallel.
 * @module
 */
export function serial(run: () => Promise<void>, stopped: () => boolean) {
  let running: Promise<void> | null = null;
  let again = false;
  return (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await run();
      } while (again && !stopped());
    })().finally(() => {
      running = null;
    });
    return running;
  };
}
