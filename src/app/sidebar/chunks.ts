/**
 * What the first paint does not need (the Why? panels, the dispute form) comes in chunks of
 * their own, loaded once after the cost is on screen; the page draws again when they are in.
 * @module
 */
function lazyModule<M>(load: () => Promise<M>) {
  const chunk: { loaded: M | null; preload: () => Promise<M> } = {
    loaded: null,
    preload: () => {
      loading ??= load().then((m) => {
        chunk.loaded = m;
        return m;
      });
      return loading;
    },
  };
  let loading: Promise<M> | null = null;
  return chunk;
}

export const whyChunk = lazyModule(() => import('./WhyPanels.js'));
export const disputeChunk = lazyModule(() => import('./DisputeForm.js'));

/** Loads the Why? panels and the dispute form; draw again when it resolves. */
export const preloadWhy = () => Promise.all([whyChunk.preload(), disputeChunk.preload()]);
