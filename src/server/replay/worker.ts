/**
 * The replay worker's side: takes one replay at a time and answers its result or its error.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { type ReplayRequest, runReplay } from './replays.js';

parentPort!.on('message', (message: { id: number; request: ReplayRequest }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: runReplay(message.request) });
  } catch (error) {
    parentPort!.postMessage({
      id: message.id,
      error: { name: (error as Error)?.name, message: (error as Error)?.message },
    });
  }
});

// Loaded: the pool may count on this worker answering quickly now.
parentPort!.postMessage({ ready: true });
