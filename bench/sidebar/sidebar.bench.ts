/**
 * The sidebar in headless Chromium (`npm run bench:sidebar`): the gzipped size of what it loads
 * for its first paint (the page's script and the chunks it preloads, its style sheet, the
 * English strings) and of everything it has loaded when the cost is on screen, and the time from the iframe starting to load to the cost on screen, with the ticket's data
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
// The sidebar's part of the English file (src/app/i18n/parts.ts): the one without the
// manifest's texts, which only the whole file (the nav bar page's) has.
const english = join(
  assets,
  readdirSync(assets).find(
    (f) =>
      /^en-.*\.js$/.test(f) &&
      !readFileSync(join(assets, f), 'utf8').includes('installation_instructions'),
  )!,
);
const firstLoad = scriptBytes + styleBytes + gz(english);
/** Every script the frame had fetched when the cost was on screen, by file name. */
const loadedByCost = new Set<string>();
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
    const { mark, load, scripts } = await frame.evaluate(() => {
      const mark = performance.getEntriesByName('aicm:cost-on-screen')[0]!.startTime;
      return {
        mark,
        load: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
          .loadEventEnd,
        scripts: performance
          .getEntriesByType('resource')
          .filter((r) => r.startTime < mark && /\.js(\?|$)/.test(r.name))
          .map((r) => new URL(r.name).pathname.split('/').pop()!),
      };
    });
    for (const s of scripts) loadedByCost.add(s);
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
        'first load, gzipped (JavaScript + CSS + English)',
        `${kb(firstLoad)} (${kb(scriptBytes)} + ${kb(styleBytes)} + ${kb(gz(english))})`,
        '—',
        '≤ 25 KB',
      ],
      [
        'all JavaScript loaded when the cost is on screen, gzipped',
        kb([...loadedByCost].reduce((n, f) => n + gz(join(assets, f)), 0)),
        '—',
        '—',
      ],
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
