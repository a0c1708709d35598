/**
 * Builds once before the tests: the app and the workspace's host page for the browser and
 * package tests, and the compiled CLI that the CLI and durability tests run (so they always run
 * what the sources say, never an earlier build).
 */
import { execFileSync } from 'node:child_process';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build-cli.js'], { stdio: 'inherit' });
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  await build({ configFile: 'vite.workspace.config.ts', logLevel: 'warn' });
}
