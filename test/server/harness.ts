/**
 * Test harness for the backend: the real app over a real database, PGlite always and
 * PostgreSQL as well when DATABASE_URL is set (each test file in a schema of its own), with a
 * clock the test controls and JWTs signed the way Zendesk's proxy signs them.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import pg from 'pg';
import { parsePlan } from '../../src/pricing/index.js';
import { loadConfig } from '../../src/server/config.js';
import { type DatabaseTarget, openDatabase } from '../../src/server/db/database.js';
import { createApp } from '../../src/server/http/app.js';
import type { Services } from '../../src/server/http/context.js';
import { servicesOver } from '../../src/server/services.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';

export interface Engine {
  readonly name: string;
  readonly target: () => DatabaseTarget;
}

export const ENGINES: Engine[] = [
  { name: 'pglite', target: () => ({ memory: true }) },
  ...(process.env.DATABASE_URL
    ? [
        {
          name: 'postgres',
          target: () => ({
            url: process.env.DATABASE_URL!,
            schema: `test_${randomBytes(6).toString('hex')}`,
          }),
        },
      ]
    : []),
];

/** Drops a test's PostgreSQL schema, so runs leave nothing behind. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export interface Backend {
  readonly services: Services;
  readonly app: ReturnType<typeof createApp>;
  clock: Date;
  close(): Promise<void>;
}

export async function startBackend(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<Backend> {
  const target = engine.target();
  const database = await openDatabase(target);
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const backend: Backend = {
    clock: new Date('2026-11-20T12:00:00Z'),
    services: undefined as unknown as Services,
    app: undefined as unknown as ReturnType<typeof createApp>,
    close: async () => {
      await backend.services.replays.close();
      await database.close();
      if ('schema' in target && target.schema) await dropSchema(target.url, target.schema);
    },
  };
  const services = servicesOver(database, randomBytes(32), config, () => backend.clock);
  Object.assign(backend, { services, app: createApp(services) });
  return backend;
}

/** A token as Zendesk's proxy makes it: HS256 with the shared secret, iss = the subdomain. */
export async function appToken(
  secrets: Pick<TenantSecrets, 'account' | 'sharedSecret'>,
  now: Date,
  options: {
    expiresIn?: number;
    alg?: string;
    secret?: string;
    iss?: string;
    noExp?: boolean;
    /** The Zendesk user the app signs for. */
    sub?: string;
  } = {},
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const claims = {
    iss: options.iss ?? secrets.account,
    iat,
    ...(options.sub ? { sub: options.sub } : {}),
  };
  let jwt = new SignJWT(claims).setProtectedHeader({
    alg: options.alg ?? 'HS256',
  });
  if (!options.noExp) jwt = jwt.setExpirationTime(iat + (options.expiresIn ?? 300));
  return jwt.sign(new TextEncoder().encode(options.secret ?? secrets.sharedSecret));
}

export async function call(
  backend: Backend,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read each response's JSON ad hoc.
): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await backend.app.request(path, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, json, text, headers: response.headers };
}

/** Saves a plan for an account and makes it active since the start of 2026 (the operator's way). */
export async function activatePlan(b: Backend, account: string, plan: object): Promise<void> {
  const tenant = (await b.services.tenants.byAccount(account))!;
  const saved = await b.services.plans.saveVersion(tenant.id, parsePlan(plan));
  await b.services.plans.activate(
    tenant.id,
    saved.id,
    saved.version,
    new Date('2026-01-01T00:00:00Z'),
    'test',
    false,
  );
}

export const OUTCOME_PLAN = {
  id: 'fin-style',
  name: 'Per resolution',
  version: 1,
  currency: 'USD',
  model: 'outcome',
  pricePerResolution: '0.99',
  confirmationWindowHours: 24,
};

export const USAGE_PLAN = {
  id: 'per-use',
  name: 'Per use',
  version: 1,
  currency: 'USD',
  model: 'usage',
  rates: { conversation: '0.50', tool_call: '0.10' },
};
