/**
 * The workspace's `/app.json` has the shape Zendesk's `zcli apps:server` serves: the real zcli
 * (a dev dependency) is started over a copy of the built app with zcli.apps.config.json, and its
 * answer compared with the workspace's for the same settings. The one difference is on purpose:
 * the workspace never lists a secure setting (Zendesk never hands one to the browser).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures, WorkspaceStore } from '../../src/workspace/fixtures.js';
import { workspaceApp } from '../../src/workspace/server.js';

const root = join(import.meta.dirname, '..', '..');
const config = JSON.parse(readFileSync(join(root, 'zcli.apps.config.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'dist', 'manifest.json'), 'utf8'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The same document with its one moving part, the instant it was made, fixed. */
// biome-ignore lint/suspicious/noExplicitAny: both documents are read as JSON.
const settled = (json: any) => ({
  ...json,
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  installations: json.installations.map((i: any) => ({ ...i, updated_at: 'then' })),
});

describe('the workspace’s /app.json', () => {
  let zcli: ChildProcess;
  let port: number;
  let appDir: string;

  beforeAll(async () => {
    appDir = mkdtempSync(join(tmpdir(), 'aicm-zcli-'));
    cpSync(join(root, 'dist'), appDir, { recursive: true });
    cpSync(join(root, 'zcli.apps.config.json'), join(appDir, 'zcli.apps.config.json'));
    port = await freePort();
    zcli = spawn(
      join(root, 'node_modules/.bin/zcli'),
      ['apps:server', appDir, '--port', String(port), '--bind', '127.0.0.1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Served once it says so; it asks nothing, every setting being in the config file.
    await new Promise<void>((resolve, reject) => {
      let said = '';
      zcli.stdout!.on('data', (chunk) => {
        said += chunk;
        if (said.includes('Apps server is running')) resolve();
      });
      zcli.stderr!.on('data', (chunk) => {
        said += chunk;
      });
      zcli.once('exit', (code) => reject(new Error(`zcli exited ${code}: ${said}`)));
    });
  });
  afterAll(() => {
    zcli?.kill();
    rmSync(appDir, { recursive: true, force: true });
  });

  it('is what zcli apps:server serves for the same app and settings, less the secure one', async () => {
    const served = await (await fetch(`http://127.0.0.1:${port}/app.json`)).json();
    const store = new WorkspaceStore(loadFixtures(join(root, 'examples/zendesk/demo.json')));
    store.fixtures.settings = { ...config.parameters };
    const workspace = workspaceApp({
      store,
      appDir,
      hostDir: join(root, '.workspace'),
      plansDir: join(root, 'examples/plans'),
      port,
    });
    // zcli names its assets by localhost, whatever it is bound to.
    const own = await (await workspace.request(`http://localhost:${port}/app.json`)).json();

    const secure = manifest.parameters
      .filter((p: { secure?: boolean }) => p.secure)
      .map((p: { name: string }) => p.name);
    expect(secure).toEqual(['shared_secret']);
    const zcliLessSecure = {
      ...served,
      // biome-ignore lint/suspicious/noExplicitAny: read as JSON.
      installations: served.installations.map((i: any) => ({
        ...i,
        settings: i.settings.filter((s: object) => !secure.includes(Object.keys(s)[0])),
      })),
    };
    expect(settled(own)).toEqual(settled(zcliLessSecure));
    // The shape itself: a title first, then one key per setting; the nav bar's icon.
    expect(own.installations[0].settings[0]).toEqual({ title: manifest.name });
    expect(own.apps[0].locations.support.nav_bar.svg).toBe('icon_nav_bar.svg');
    expect(JSON.stringify(own)).not.toContain('shared_secret');
  });
});
