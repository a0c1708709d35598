/** Builds the app and the workspace's host page once before the browser tests. */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  await build({ configFile: 'vite.workspace.config.ts', logLevel: 'warn' });
}
