/**
 * The browser tests' Chromium, driven by playwright-core (which downloads no browser): Debian's
 * when the machine has it (CI installs it), else the headless Chromium that ships inside the
 * `@sparticuz/chromium` package, so a machine with only Node runs every browser test, offline.
 * The flags are the ones this machine's closed network needs.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { packagedChromium } from './packaged-chromium.js';

const SYSTEM_CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Executable {
  readonly path: string;
  readonly env?: Record<string, string>;
}

/** Which Chromium the tests run on; unpacks the packaged one the first time it is needed. */
export async function chromiumExecutable(): Promise<Executable> {
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM };
  const packaged = await packagedChromium();
  return { path: packaged.executablePath, env: packaged.env };
}

export async function launch(): Promise<Browser> {
  const executable = await chromiumExecutable();
  return chromium.launch({
    executablePath: executable.path,
    headless: true,
    ...(executable.env ? { env: { ...process.env, ...executable.env } } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
