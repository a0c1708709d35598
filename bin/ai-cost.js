#!/usr/bin/env node
// Runs the CLI compiled to build/cli/ (`npm install` compiles it, through the prepare script).
import { existsSync } from 'node:fs';

const main = new URL('../build/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'ai-cost: the CLI is not compiled: run `npm run build:cli` in the project\n',
  );
  process.exit(1);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
