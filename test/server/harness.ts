/**
 * Test harness for the backend: the real app over a real database, PGlite and PostgreSQL, with
 * a clock the test controls and JWTs signed the way Zendesk's proxy signs them. Each backend has
 * a database of its own (in memory for PGlite, a database created for it on PostgreSQL), closed
 * and dropped when it is done: from the file-scoped `backends` fixture, or `startBackend` and
 * its `close`. Under `npm run test:citus` (vitest.citus.config.ts) the engine is the Citus
 * cluster alone, where each backend gets a schema of its own instead (a database created on a
 * coordinator would have no Citus).
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import pg from 'pg';
import { test } from 'vitest';
import { parsePlan } from '../../src/pricing/index.js';
import { loadConfig } from '../../src/server/config.js';
import { type DatabaseTarget, openDatabase } from '../../src/server/db/database.js';
import { createApp } from '../../src/server/http/app.js';
import type { Services } from '../../src/server/http/context.js';
import { servicesOver } from '../../src/server/services.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';

export interface Engine {
  /** What the tests are called after: pglite, postgres, or citus (any other: a schema each). */
  readonly name: string;
  /** What the backend says it runs on (Citus is PostgreSQL to it). */
  readonly kind: 'pglite' | 'postgres';
  /** A place of its own on the engine, for tests that open the database themselves. */
  readonly target: () => DatabaseTarget;
}

/** Set by vitest.citus.config.ts: the PostgreSQL tests run on the cluster, and nothing else. */
export const CITUS_TIER = process.env.AICM_TEST_TIER === 'citus';

const inSchema = () => ({ url: databaseUrl(), schema: `test_${randomBytes(6).toString('hex')}` });

export const ENGINES: Engine[] = CITUS_TIER
  ? [{ name: 'citus', kind: 'postgres', target: inSchema }]
  : [
      { name: 'pglite', kind: 'pglite', target: () => ({ memory: true }) },
      { name: 'postgres', kind: 'postgres', target: inSchema },
    ];

/**
 * The PostgreSQL server of the run: the one DATABASE_URL names, which is the one
 * `postgres.setup.ts` started when the environment named none.
 */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is unset: run the tests with vitest, which starts one');
  return url;
}

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

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
  /** Closes it and drops its database (the `backends` fixture does this itself). */
  close(): Promise<void>;
}

interface Opened {
  readonly target: DatabaseTarget;
  /** Drops what was created for it (a PostgreSQL database); its connections are closed first. */
  readonly drop: () => Promise<void>;
}

/** A database of its own for one backend: PGlite in memory, or a new PostgreSQL database. */
async function ownDatabase(engine: Engine): Promise<Opened> {
  if (engine.kind === 'pglite') return { target: { memory: true }, drop: async () => {} };
  if (engine.name !== 'postgres') {
    // Citus: a schema of its own on the coordinator (a new database there would have no Citus).
    const target = engine.target() as { url: string; schema: string };
    return { target, drop: () => dropSchema(target.url, target.schema) };
  }
  const name = `aicm_test_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE "${name}"`);
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  return {
    target: { url: url.href },
    // Not WITH (FORCE): a closed pool's sessions may take a moment to end on the server, and
    // FORCE would end them with an error their clients, already closing, no longer listen for
    // (an uncaught exception). Without it PostgreSQL waits up to 5 s for them to go.
    drop: () => onServer(`DROP DATABASE IF EXISTS "${name}"`),
  };
}

async function open(
  opened: Opened,
  env: Record<string, string>,
): Promise<{ backend: Backend; close: () => Promise<void> }> {
  const database = await openDatabase(opened.target);
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const backend: Backend = {
    clock: new Date('2026-11-20T12:00:00Z'),
    services: undefined as unknown as Services,
    app: undefined as unknown as ReturnType<typeof createApp>,
    close: async () => {},
  };
  const services = servicesOver(database, randomBytes(32), config, () => backend.clock);
  Object.assign(backend, { services, app: createApp(services) });
  const close = async () => {
    await services.replays.close();
    await database.close();
  };
  return { backend, close };
}

/** Starts a backend on a database of its own; `close()` closes it and drops its database. */
export async function startBackend(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<Backend> {
  const opened = await ownDatabase(engine);
  try {
    const { backend, close } = await open(opened, env);
    backend.close = async () => {
      await close();
      await opened.drop();
    };
    return backend;
  } catch (error) {
    await opened.drop();
    throw error;
  }
}

export interface Backends {
  /** Starts a backend on a database of its own; it is closed and dropped after the file. */
  start(engine: Engine, env?: Record<string, string>): Promise<Backend>;
}

/**
 * `test` with the file-scoped `backends` fixture, for a file's suite hooks:
 * `backendTest.beforeAll(async ({ backends }) => { b = await backends.start(engine) })`.
 */
export const backendTest = test.extend(
  'backends',
  { scope: 'file' },
  // Vitest reads a fixture's dependencies from its first parameter, which must destructure.
  // biome-ignore lint/correctness/noEmptyPattern: this fixture depends on no other.
  async ({}, { onCleanup }): Promise<Backends> => {
    const started: { close: () => Promise<void>; drop: () => Promise<void> }[] = [];
    onCleanup(async () => {
      for (const { close, drop } of started) {
        await close();
        await drop();
      }
    });
    return {
      async start(engine, env = {}) {
        const opened = await ownDatabase(engine);
        try {
          const { backend, close } = await open(opened, env);
          started.push({ close, drop: opened.drop });
          return backend;
        } catch (error) {
          await opened.drop();
          throw error;
        }
      },
    };
  },
);

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

/** 100 credits a month; a conversation burns 2. */
export const CREDITS_PLAN = {
  id: 'pool',
  name: 'Pool',
  version: 1,
  currency: 'USD',
  model: 'credits',
  creditPrice: '0.01',
  prepaidCredits: 100,
  overagePrice: '0.02',
  burn: { conversation: 2 },
};
