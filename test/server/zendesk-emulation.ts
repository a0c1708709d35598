/**
 * The workspace's emulation of Zendesk's API (the demo fixtures, in Zendesk's documented
 * shapes) served on a free port for the file that calls this, for the backend to read from as
 * it reads a tenant's real Zendesk: started before the file's tests, stopped after them.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll } from 'vitest';
import { loadFixtures, WorkspaceStore } from '../../src/workspace/fixtures.js';
import { zendeskApi } from '../../src/workspace/zendesk-api.js';

/** The installation the emulation answers for. */
export const EMULATED_INSTALLATION = 77;

export function emulatedZendesk(options: { pageSize?: number } = {}) {
  const store = new WorkspaceStore(
    loadFixtures(join(import.meta.dirname, '..', '..', 'examples', 'zendesk', 'demo.json')),
  );
  let server: ReturnType<typeof serve>;
  let url = '';
  beforeAll(async () => {
    server = await new Promise((resolve) => {
      const s = serve(
        {
          fetch: zendeskApi(store, {
            pageSize: options.pageSize ?? 100,
            installationId: EMULATED_INSTALLATION,
          }).fetch,
          port: 0,
          hostname: '127.0.0.1',
        },
        () => resolve(s),
      );
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    store,
    /** Where it answers, once the file's tests have begun. */
    get url() {
      return url;
    },
  };
}
