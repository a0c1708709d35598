/**
 * Compiles the `ai-cost` CLI to JavaScript in build/cli/, so it starts on plain Node with no
 * TypeScript loader. main.js holds the command line; each command is a module that main's
 * dynamic import loads only when that command runs.
 *
 * Two builds, so a pricing command loads only what it uses: the backend's commands (serve,
 * tenant, workspace) are built apart, as server-*.js; were they in one build, the chunk they
 * share with the pricing commands would carry every part of zod that either uses. Packages stay
 * in node_modules (PGlite finds its WebAssembly there), except zod: loading its hundred-odd
 * modules took longer than a bare Node start, and the bundle keeps only the parts used.
 *
 * Runs at `npm install` (the prepare script), in `npm run build`, and before the tests.
 * build/cli/ is two folders deep like src/workspace/, so paths computed from a module's own
 * folder (the workspace's PROJECT_ROOT) still name the project's root.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}build/cli`;
const { dependencies } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const external = Object.keys(dependencies)
  .filter((name) => name !== 'zod')
  .flatMap((name) => [name, `${name}/*`]);
const SERVER_COMMANDS = ['serve', 'tenant', 'workspace'];

const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  external,
  logLevel: 'warning',
  metafile: true,
};

/** In the CLI's build, main's imports of the backend's commands name the other build's files. */
const serverCommandsApart = {
  name: 'server-commands-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/(serve|tenant|workspace)\.js$/ }, (args) => ({
      path: `./server-${args.path.slice('./commands/'.length)}`,
      external: true,
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
const results = await Promise.all([
  build({
    ...common,
    entryPoints: { main: 'src/cli/main.ts' },
    plugins: [serverCommandsApart],
  }),
  build({
    ...common,
    entryPoints: Object.fromEntries(
      SERVER_COMMANDS.map((name) => [`server-${name}`, `src/cli/commands/${name}.ts`]),
    ),
    chunkNames: 'server-chunk-[hash]',
  }),
]);
// What each output file imports, for the test that keeps the commands' modules lazy.
const outputs = Object.assign({}, ...results.map((r) => r.metafile.outputs));
writeFileSync(`${outdir}/metafile.json`, JSON.stringify({ outputs }, null, 1));
