/**
 * The local workspace: a page that plays Zendesk's agent workspace for the built app. It serves
 * the app folder the way `zcli apps:server` does (`/app.json`, `/<app id>/assets/*`), the host
 * page that answers the ZAF SDK's messages, the Zendesk API from fixtures, and Zendesk's request
 * proxy (settings filled in, JWT signed) for calls to the companion backend.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { parsePlan } from '../pricing/index.js';
import { appJson } from './app-json.js';
import { TICKET_ACTIONS, type TicketAction, type WorkspaceStore } from './fixtures.js';
import { proxiedRequestSchema, proxyRequest } from './proxy.js';
import { zendeskApi } from './zendesk-api.js';

export const APP_ID = 1;
export const INSTALLATION_ID = 1;

export interface WorkspaceOptions {
  readonly store: WorkspaceStore;
  /** The built app folder (dist/) and the built host page. */
  readonly appDir: string;
  readonly hostDir: string;
  readonly plansDir: string;
  readonly port: number;
  readonly host?: string;
  /** Switches the active plan: in the backend when there is one. */
  readonly activatePlan?: (planJson: string) => Promise<void>;
  readonly pageSize?: number;
  /** Where the frames load the app from: its own copy (`/1/`) unless a zcli apps:server's. */
  readonly appBase?: string;
}

/** Settings as an app sees them: secure ones are kept by the proxy, never handed to the app. */
function visibleSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const { shared_secret: _secret, ...rest } = settings;
  return rest;
}

export function workspaceApp(options: WorkspaceOptions): Hono {
  const { store } = options;
  const app = new Hono();
  const manifest = JSON.parse(readFileSync(join(options.appDir, 'manifest.json'), 'utf8'));
  const plans = readdirSync(options.plansDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  /** Each plan file's id, so the page can show which one is in force. */
  const planIds = Object.fromEntries(
    plans.map((f) => [
      f,
      parsePlan(JSON.parse(readFileSync(join(options.plansDir, f), 'utf8'))).id,
    ]),
  );

  app.get('/app.json', (c) =>
    c.json(
      appJson({
        manifest,
        appDir: options.appDir,
        origin: new URL(c.req.url).origin,
        appId: APP_ID,
        installationId: INSTALLATION_ID,
        settings: store.fixtures.settings,
        now: new Date(),
      }),
    ),
  );
  app.use(
    `/${APP_ID}/*`,
    serveStatic({ root: options.appDir, rewriteRequestPath: (p) => p.replace(`/${APP_ID}`, '') }),
  );

  app.get('/api/workspace/state', (c) =>
    c.json({
      appId: APP_ID,
      appBase: options.appBase ?? `/${APP_ID}/`,
      installationId: INSTALLATION_ID,
      account: store.fixtures.account,
      currentUser: store.fixtures.currentUser,
      settings: visibleSettings(store.fixtures.settings),
      locations: manifest.location.support,
      actions: TICKET_ACTIONS,
      plans,
      planIds,
      // `id@version` of the plan in force, as the installation's settings name it.
      activePlan: store.fixtures.settings.active_plan ?? null,
      tickets: store.fixtures.tickets.map((t) => t.ticket),
    }),
  );
  app.post('/api/workspace/tickets/:id/:action', (c) => {
    const action = c.req.param('action') as TicketAction;
    if (!TICKET_ACTIONS.includes(action)) return c.json({ error: `unknown action ${action}` }, 400);
    const t = store.ticket(Number(c.req.param('id')));
    if (!t) return c.json({ error: 'no such ticket' }, 404);
    return c.json({ ticket: store.act(t.ticket.id, action).ticket });
  });
  app.post('/api/workspace/plan', async (c) => {
    const { file } = await c.req.json<{ file: string }>();
    if (!plans.includes(file)) return c.json({ error: `unknown plan ${file}` }, 400);
    const text = readFileSync(join(options.plansDir, file), 'utf8');
    parsePlan(JSON.parse(text));
    store.fixtures.settings.default_plan = text;
    await options.activatePlan?.(text);
    return c.json({ plan: file });
  });
  // Plays another user: an agent sees no admin view, and Zendesk refuses them admin actions.
  app.post('/api/workspace/role', async (c) => {
    const { role } = await c.req.json<{ role: string }>();
    if (!['admin', 'agent'].includes(role)) return c.json({ error: 'role is admin or agent' }, 400);
    store.fixtures.currentUser.role = role;
    return c.json({ role });
  });
  app.post('/api/workspace/proxy', async (c) => {
    const parsed = proxiedRequestSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: 'invalid proxied request' }, 400);
    return c.json(await proxyRequest(parsed.data, store.fixtures.settings, store.now()));
  });
  app.route('/zendesk', zendeskApi(store, { pageSize: options.pageSize ?? 2 }));
  app.use('/*', serveStatic({ root: options.hostDir }));
  return app;
}

export interface RunningWorkspace {
  readonly url: string;
  close(): Promise<void>;
}

export async function startWorkspace(options: WorkspaceOptions): Promise<RunningWorkspace> {
  const app = workspaceApp(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host ?? '127.0.0.1' },
      () => resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    // The SDK accepts 127.0.0.1 and localhost origins; the origin parameter must match exactly.
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
