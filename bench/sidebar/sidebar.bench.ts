/**
 * The sidebar in headless Chromium (`npm run bench:sidebar`): the gzipped size of what it loads,
 * and the time from the iframe starting to load to the cost on screen, with the ticket's data
 * answered by the local workspace (no backend, as in the target). The baseline, measured in the
 * same run, is the iframe's own load event: the time the browser needs for the page alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { PROJECT_ROOT, startDemo } from '../../src/workspace/demo.js';
import { launch } from '../../test/e2e/browser.js';
import { formatMs, markdownTable, median } from '../measure.js';

const RUNS = 20;

await build({ configFile: join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn' });
await build({ configFile: join(PROJECT_ROOT, 'vite.workspace.config.ts'), logLevel: 'warn' });

// What the sidebar page loads: its script and the chunks it preloads, its style sheet.
const page = join(PROJECT_ROOT, 'dist/assets/sidebar/index.html');
const html = readFileSync(page, 'utf8');
const pageFiles = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) =>
  join(dirname(page), m[1]!),
);
const gz = (file: string) => gzipSync(readFileSync(file)).length;
const scriptBytes = pageFiles.filter((f) => f.endsWith('.js')).reduce((n, f) => n + gz(f), 0);
const styleBytes = pageFiles.filter((f) => f.endsWith('.css')).reduce((n, f) => n + gz(f), 0);
const assets = join(PROJECT_ROOT, 'dist/assets/assets');
const english = join(assets, readdirSync(assets).find((f) => /^en-.*\.js$/.test(f))!);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const demo = await startDemo({ port: 0, backend: null });
const browser = await launch();
const onScreen: number[] = [];
const loaded: number[] = [];
try {
  for (let i = 0; i < RUNS + 2; i++) {
    const page = await browser.newPage();
    await page.goto(`${demo.workspace.url}/?ticket=101`);
    const frame = (await (
      await page.waitForSelector('iframe[data-testid="app-frame"]')
    ).contentFrame())!;
    await frame.waitForFunction(
      () => performance.getEntriesByName('aicm:cost-on-screen').length > 0,
    );
    const { mark, load } = await frame.evaluate(() => ({
      mark: performance.getEntriesByName('aicm:cost-on-screen')[0]!.startTime,
      load: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
        .loadEventEnd,
    }));
    if (i >= 2) {
      onScreen.push(mark);
      loaded.push(load);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await demo.close();
}

console.log(
  markdownTable(
    ['sidebar', 'measured', 'baseline', 'target'],
    [
      [
        'JavaScript, gzipped',
        `${kb(scriptBytes)} (+ ${kb(gz(english))} for English)`,
        '—',
        '< 40 KB',
      ],
      ['CSS, gzipped', kb(styleBytes), '—', '—'],
      [
        `iframe start → cost on screen (median of ${RUNS})`,
        formatMs(median(onScreen)),
        `${formatMs(median(loaded))} (iframe load event)`,
        '< 300 ms',
      ],
    ],
  ),
);
console.log(
  `\nChromium headless, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
