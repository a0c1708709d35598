/**
 * Japanese glyphs for screenshots: headless Chromium here has no CJK font, so Japanese renders
 * as boxes. For a screenshot only, this serves Noto Sans JP (the `@fontsource/noto-sans-jp`
 * dev dependency, SIL Open Font License) from node_modules under a path the page's requests
 * are routed to, adds its @font-face rules to the frame after the app's own stylesheet, and
 * waits for the faces to load. Nothing of it reaches the app's bundle.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

const PACKAGE = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-jp/400.css'));
const ROUTE = '/__test-fonts/noto-sans-jp/';

/**
 * The faces the app uses (regular and semibold), their files under ROUTE: only the Japanese
 * subsets, so that Latin, Cyrillic and Vietnamese text keeps the app's own fonts.
 */
const FACES = ['400.css', '600.css']
  .flatMap((f) => readFileSync(join(PACKAGE, f), 'utf8').split(/(?=\/\* noto-sans-jp-)/))
  .filter((face) => /^\/\* noto-sans-jp-\[\d+\]/.test(face))
  .join('\n')
  .replaceAll('url(./files/', `url(${ROUTE}`);

const routed = new WeakSet<Page>();

export async function useJapaneseFont(page: Page, frame: Frame): Promise<void> {
  if (!routed.has(page)) {
    routed.add(page);
    await page.route(`**${ROUTE}*`, (route) => {
      const file = new URL(route.request().url()).pathname.slice(ROUTE.length);
      if (!/^[a-z0-9-]+\.woff2?$/.test(file)) return route.abort();
      return route.fulfill({
        body: readFileSync(join(PACKAGE, 'files', file)),
        contentType: file.endsWith('.woff2') ? 'font/woff2' : 'font/woff',
      });
    });
  }
  // First in the app's own family: its faces cover only Japanese characters, so the rest stays.
  const family = await frame.evaluate(() => getComputedStyle(document.body).fontFamily);
  await frame.addStyleTag({
    content: `${FACES}\nbody { font-family: 'Noto Sans JP', ${family}; }`,
  });
  // Every face the page's text needs, in both weights, loaded before the picture is taken.
  await frame.evaluate(async () => {
    const text = document.body.textContent ?? '';
    await Promise.all(
      ['400', '600'].map((w) => document.fonts.load(`${w} 14px "Noto Sans JP"`, text)),
    );
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  // Charts draw their labels on a canvas once: a resize draws them again in the new face.
  const size = page.viewportSize();
  if (size) {
    await page.setViewportSize({ ...size, width: size.width - 1 });
    await page.setViewportSize(size);
    await frame.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
  }
}
