/**
 * `--now` pins the workspace's clock: the fixtures move so that their `now` is the pinned
 * instant, every offset kept; changes are made at that instant; and the proxy signs the app's
 * tokens at it, so the backend (on the same clock) accepts them however far it is from today.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { PROJECT_ROOT, type RunningDemo, startDemo } from '../../src/workspace/demo.js';
import { loadFixtures } from '../../src/workspace/fixtures.js';

const FIXTURES = join(PROJECT_ROOT, 'examples/zendesk/demo.json');
const raw = JSON.parse(readFileSync(FIXTURES, 'utf8'));
// Far from today on purpose: a token signed by the real clock would be long expired then.
const PINNED = new Date('2031-03-04T05:06:07Z');

describe('a pinned clock', () => {
  it('moves every fixture instant by the same amount, keeping its offset from `now`', () => {
    const fixtures = loadFixtures(FIXTURES, PINNED);
    const shift = PINNED.getTime() - Date.parse(raw.now);
    const first = raw.tickets[0];
    const moved = fixtures.tickets[0]!;
    expect(Date.parse(moved.ticket.updated_at as string)).toBe(
      Date.parse(first.ticket.updated_at) + shift,
    );
    expect(Date.parse(moved.audits[0]!.created_at as string)).toBe(
      Date.parse(first.audits[0].created_at) + shift,
    );
  });

  describe('through the demo', () => {
    let demo: RunningDemo;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'aicm-now-'));
      demo = await startDemo({
        port: 0,
        now: PINNED,
        backend: loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' }),
      });
    });
    afterAll(async () => {
      await demo?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('makes each change at the pinned instant', () => {
      const ticket = demo.store.ticket(105)!;
      demo.store.act(105, 'human_reply');
      expect(ticket.audits.at(-1)!.created_at).toBe('2031-03-04T05:06:07Z');
    });

    it('signs the app’s calls at the pinned instant, and the backend on the same clock takes them', async () => {
      const response = await fetch(`${demo.workspace.url}/api/workspace/proxy`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          url: '{{setting.backend_url}}/v1/plans/active',
          type: 'GET',
          headers: { Authorization: 'Bearer {{jwt.token}}' },
          jwt: {
            algorithm: 'HS256',
            secret_key: '{{setting.shared_secret}}',
            expiry: 300,
            claims: { iss: 'demo' },
          },
        }),
      });
      const proxied = (await response.json()) as { status: number; body: string };
      expect(proxied.status, proxied.body).toBe(200);
      expect(JSON.parse(proxied.body).plan.id).toEqual(expect.any(String));
    });
  });
});
