/**
 * The whole local product in one call: the workspace on the built app and, unless asked not
 * to, the companion backend on its embedded defaults with a demo tenant whose secret the
 * workspace's proxy signs with, and the fixtures' plan active. Used by `ai-cost workspace`
 * (so by `npm start`) and by the browser tests.
 * @module
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePlan, type UsageEvent } from '../pricing/index.js';
import type { ServerConfig } from '../server/config.js';
import type { Services } from '../server/http/context.js';
import { syncTicket } from '../server/ledger/tickets.js';
import { recordUsage } from '../server/ledger/usage.js';
import { type RunningServer, startServer } from '../server/serve.js';
import { openServices } from '../server/services.js';
import { mapTicket } from '../zendesk/mapping.js';
import { parseSettings } from '../zendesk/settings.js';
import { auditSchema, ticketSchema, userSchema } from '../zendesk/shapes.js';
import { loadFixtures, WorkspaceStore } from './fixtures.js';
import { INSTALLATION_ID, type RunningWorkspace, startWorkspace } from './server.js';
import { zcliAppBase } from './zcli-source.js';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

export interface DemoOptions {
  readonly fixtures?: string;
  readonly port?: number;
  /** The backend's configuration, or null to run without a backend. */
  readonly backend: ServerConfig | null;
  readonly pageSize?: number;
  /** The folder of plans the page can switch between and the replay shows (examples/plans). */
  readonly plansDir?: string;
  /**
   * Pins the clock at this instant (the workspace's, the backend's, the proxy's tokens): the
   * fixtures move so that their `now` is this instant, keeping every offset from it, so a test
   * can stand exactly on a boundary ("the confirmation window ends now").
   */
  readonly now?: Date;
}

export interface RunningDemo {
  readonly workspace: RunningWorkspace;
  readonly backend: RunningServer | null;
  readonly store: WorkspaceStore;
  close(): Promise<void>;
}

/**
 * Puts every fixture ticket in the backend's ledger, as syncs from the sidebar would, so the
 * reports have the demo's month to show before anyone opens a ticket. Revision 1: any real
 * sync from the sidebar is newer.
 */
async function seedLedger(
  store: WorkspaceStore,
  services: Services,
  tenantId: string,
  clock: () => Date,
): Promise<void> {
  const settings = parseSettings(store.fixtures.settings);
  const users = store.fixtures.users.map((u) => userSchema.parse(u));
  const timeline = await services.plans.timeline(tenantId);
  for (const entry of store.fixtures.tickets) {
    const { activity } = mapTicket({
      ticket: ticketSchema.parse(entry.ticket),
      audits: entry.audits.map((a) => auditSchema.parse(a)),
      users,
      settings,
      backendUsage: (entry.usage ?? []) as UsageEvent[],
    });
    // The fixture's `usage` is what the AI platform posted: recorded as posted, so that the
    // ticket's later syncs (snapshots of what the ticket shows) never remove it.
    const posted = ((entry.usage ?? []) as UsageEvent[]).map((event) => ({
      ticketId: activity.ticketId,
      event,
    }));
    await services.database.db.transaction(async (tx) => {
      await recordUsage(tx, tenantId, posted, 'api');
      await syncTicket(tx, tenantId, 1, activity, timeline, clock());
    });
  }
}

/** Saves every example plan not saved yet, so the replay shows all five models side by side. */
async function seedPlans(services: Services, tenantId: string, dir: string): Promise<void> {
  const saved = new Set((await services.plans.list(tenantId)).map((v) => v.plan.id));
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const plan = parsePlan(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!saved.has(plan.id)) await services.plans.saveVersion(tenantId, plan);
  }
}

export function builtAppMissing(): string | null {
  for (const file of ['dist/manifest.json', '.workspace/index.html']) {
    if (!existsSync(join(PROJECT_ROOT, file))) return file;
  }
  return null;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const pinned = options.now?.getTime();
  const clock = pinned === undefined ? () => new Date() : () => new Date(pinned);
  const store = new WorkspaceStore(
    loadFixtures(options.fixtures ?? join(PROJECT_ROOT, 'examples/zendesk/demo.json'), clock()),
    clock,
  );
  const plansDir = options.plansDir ?? join(PROJECT_ROOT, 'examples/plans');
  let backend: RunningServer | null = null;
  let activatePlan: ((json: string) => Promise<void>) | undefined;
  // The workspace first: the backend reads "Zendesk" (its API emulation) at the workspace's URL.
  const workspace = await startWorkspace({
    store,
    appDir: join(PROJECT_ROOT, 'dist'),
    hostDir: join(PROJECT_ROOT, '.workspace'),
    plansDir,
    port: options.port ?? 4567,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    ...(process.env.AICM_ZCLI_APPS_URL
      ? { appBase: await zcliAppBase(process.env.AICM_ZCLI_APPS_URL) }
      : {}),
    activatePlan: (json) => activatePlan?.(json) ?? Promise.resolve(),
  });
  if (options.backend) {
    const config = { ...options.backend, ZENDESK_API_BASE: `${workspace.url}/zendesk` };
    const services = await openServices(config, clock);
    const account = store.fixtures.account.subdomain;
    // The demo tenant's secret is kept beside the demo's data, for this local workspace only.
    const secretsFile = join(config.DATA_DIR, `workspace-${account}.json`);
    let sharedSecret: string;
    if (existsSync(secretsFile)) {
      sharedSecret = JSON.parse(readFileSync(secretsFile, 'utf8')).sharedSecret;
    } else {
      const created = await services.tenants.create(account);
      sharedSecret = created.sharedSecret;
      writeFileSync(
        secretsFile,
        JSON.stringify({ account, sharedSecret, ingestKey: created.ingestKey }),
        { mode: 0o600 },
      );
    }
    // The backend may read the (emulated) Zendesk API: it checks admins' plan activations there.
    await services.tenants.setZendeskAccess(
      account,
      'workspace@example.com',
      'local',
      INSTALLATION_ID,
    );
    const tenant = (await services.tenants.byAccount(account))!;
    activatePlan = async (json: string) => {
      const saved = await services.plans.saveVersion(tenant.id, parsePlan(JSON.parse(json)));
      // The operator's path, for the page's plan switcher.
      await services.plans.activate(
        tenant.id,
        saved.id,
        saved.version,
        clock(),
        'local workspace',
        false,
      );
      store.fixtures.settings.active_plan = `${saved.id}@${saved.version}`;
    };
    const inForce = await services.plans.active(tenant.id);
    if (inForce) {
      // A restart keeps what was in force: the settings name it, as Zendesk's would.
      store.fixtures.settings.active_plan = `${inForce.id}@${inForce.version}`;
      store.fixtures.settings.default_plan = JSON.stringify(inForce);
    } else if (typeof store.fixtures.settings.default_plan === 'string') {
      await activatePlan(store.fixtures.settings.default_plan);
    }
    await seedPlans(services, tenant.id, plansDir);
    await seedLedger(store, services, tenant.id, clock);
    backend = await startServer(config, services);
    store.fixtures.settings.backend_url = backend.url;
    store.fixtures.settings.shared_secret = sharedSecret;
  }
  return {
    workspace,
    backend,
    store,
    async close() {
      await workspace.close();
      await backend?.close();
    },
  };
}
