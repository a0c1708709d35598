/**
 * What every browser test does first: the demo workspace with its backend on PGlite in a data
 * folder of the test's own, a browser, and a ticket opened in the agent's workspace.
 */
import { rmSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { loadConfig } from '../../src/server/config.js';
import { type RunningDemo, startDemo } from '../../src/workspace/demo.js';
import { launch } from './browser.js';

export interface Running {
  readonly demo: RunningDemo;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** `env`: more of the backend's configuration (e.g. the alert webhook's loopback opt-in). */
export async function startBrowserDemo(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Running> {
  const demo = await startDemo({
    port: 0,
    backend: loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }),
  });
  const browser = await launch();
  return {
    demo,
    browser,
    async close() {
      await browser.close();
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens a ticket and waits for the sidebar to show its cost, its empty state or an error. */
export async function openTicketIn(demo: RunningDemo, page: Page, id: number): Promise<Frame> {
  await page.goto(`${demo.workspace.url}/?ticket=${id}`);
  const handle = await page.waitForSelector('iframe[data-testid="app-frame"]');
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector(
    '[data-testid="total"], [data-testid="empty"], [data-testid="error"]',
    { timeout: 15_000 },
  );
  return frame;
}
