/**
 * Builds once before the tests: the app and the workspace's host page for the browser and
 * package tests, and the compiled CLI that the CLI and durability tests run (so they always run
 * what the sources say, never an earlier build).
 */
import { execFileSync } from 'node:child_process';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build-cli.js'], { stdio: 'inherit' });
  // As `npm run build` builds it: Vitest sets NODE_ENV=test, under which Vite compiles the JSX
  // for development (every element carrying its file, line and column), and the package test
  // would weigh a bundle that never ships.
  const mode = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
    await build({ configFile: 'vite.workspace.config.ts', logLevel: 'warn' });
  } finally {
    if (mode === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = mode;
  }
}
