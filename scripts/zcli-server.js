/**
 * `npm run zcli:server [-- --port 4568]`: Zendesk's own `zcli apps:server` on the built app, with
 * the local, non-secret settings of zcli.apps.config.json, so it never stops to ask for them.
 * zcli reads that file only from the app folder, so it is copied into dist/, with a .zcliignore
 * that keeps it out of a package made from dist/ afterwards (`zcli apps:package dist`).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
if (!existsSync(`${dist}/manifest.json`)) {
  console.error('zcli:server: no built app in dist/: run npm run build first');
  process.exit(2);
}
copyFileSync(`${root}zcli.apps.config.json`, `${dist}/zcli.apps.config.json`);
writeFileSync(`${dist}/.zcliignore`, 'zcli.apps.config.json\n');
const args = process.argv.slice(2);
const child = spawn(
  `${root}node_modules/.bin/zcli`,
  ['apps:server', dist, ...(args.includes('--port') ? [] : ['--port', '4568']), ...args],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
