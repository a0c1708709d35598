// Starts the replay worker through tsx, as bin/ai-cost.js starts the server: the sources are
// TypeScript, and a worker thread does not inherit the main thread's loader.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
