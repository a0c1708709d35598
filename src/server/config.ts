/**
 * The backend's configuration, read from the environment (and the CLI's flags) once at start
 * and validated, so that a mistake stops the server with a message that names the variable.
 * @module
 */
import * as z from 'zod';
import { toFieldIssues } from '../pricing/index.js';

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .min(min, { error: `expected at least ${min}` })
    .max(max, { error: `expected at most ${max}` });

const masterKey = z.string().transform((text, ctx) => {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) {
    ctx.addIssue({ code: 'custom', message: 'expected 32 bytes as 64 hex digits or base64' });
    return z.NEVER;
  }
  return key;
});

const envSchema = z.object({
  PORT: integer(0, 65_535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./.data'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// URL' })
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'expected a lower-case SQL identifier' })
    .optional(),
  AICM_MASTER_KEY: masterKey.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  BODY_LIMIT_BYTES: integer(1024, 64 * 1024 * 1024).default(1024 * 1024),
  REQUEST_TIMEOUT_MS: integer(100, 600_000).default(15_000),
  /** How long a client may take to send its request headers (an API's are small). */
  HEADERS_TIMEOUT_MS: integer(100, 120_000).default(5_000),
  RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000).default(1200),
  /** Per client address: requests refused 401 (a bad token or key) before it gets 429. */
  AUTH_FAILURES_PER_MINUTE: integer(1, 1_000_000).default(30),
  /** Per client address: webhook deliveries, signed or not. */
  WEBHOOKS_PER_MINUTE: integer(1, 1_000_000).default(1200),
  /** The bearer token /metrics needs when HOST is not a loopback address. */
  METRICS_TOKEN: z.string().min(32, { error: 'expected at least 32 characters' }).optional(),
  /** Where the backend reaches Zendesk's API; `{account}` is replaced by the subdomain. */
  ZENDESK_API_BASE: z.string().min(1).default('https://{account}.zendesk.com'),
  /**
   * Development and tests only: let alert webhooks go to a loopback host over http (a local
   * receiver). Off, a destination must be https to a public address (budgets/webhook-target.ts).
   */
  ALERT_WEBHOOK_ALLOW_LOOPBACK_HTTP: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default('false')
    .transform((v) => v === 'true'),
});

export type ServerConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration; empty variables count as unset. */
export function loadConfig(env: Record<string, string | undefined>): ServerConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(toFieldIssues(parsed.error).map((i) => `${i.field}: ${i.message}`));
  }
  if (parsed.data.DATABASE_URL && !parsed.data.AICM_MASTER_KEY) {
    // With a shared server the key must be shared too: every instance must open every secret.
    throw new ConfigError([
      'AICM_MASTER_KEY: required with DATABASE_URL (32 bytes as hex or base64, the same on every instance)',
    ]);
  }
  return parsed.data;
}
