/**
 * The smallest store: one value, replaced whole, and who listens to it. The sidebar's
 * controller publishes its state through one; the view reads it and subscribes.
 * @module
 */
export interface Store<S> {
  get(): S;
  set(next: S): void;
  subscribe(listener: (s: S) => void): () => void;
}

export function createStore<S>(initial: S): Store<S> {
  let value = initial;
  const listeners = new Set<(s: S) => void>();
  return {
    get: () => value,
    set(next) {
      value = next;
      for (const l of listeners) l(value);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
