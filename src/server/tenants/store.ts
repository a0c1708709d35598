/**
 * Tenants: one per Zendesk account (subdomain). Creating one mints its three secrets and
 * returns them once; only their hash (the ingest key) or their sealed form is stored.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import * as z from 'zod';
import { hashKey, newSecret, type Sealer } from '../auth/secrets.js';
import type { Db } from '../db/database.js';
import { tenants } from '../db/schema.js';

/** A Zendesk subdomain: what `iss` carries and what names a tenant. */
export const accountSchema = z
  .string({ error: 'expected a Zendesk subdomain' })
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    error: 'expected a Zendesk subdomain: lower-case letters, digits and hyphens',
  });

export interface Tenant {
  readonly id: string;
  readonly account: string;
  readonly timeZone: string;
  readonly sharedSecret: () => string;
  readonly webhookSecret: () => string;
  /** Zendesk API access, when the operator gave it: Basic credentials and the installation. */
  readonly zendesk: { readonly basicAuth: () => string; readonly installationId: number } | null;
}

export interface TenantSecrets {
  readonly account: string;
  readonly sharedSecret: string;
  readonly ingestKey: string;
  readonly webhookSecret: string;
}

const TENANT_CACHE_MS = 30_000;

export class TenantExistsError extends Error {}

export class TenantStore {
  constructor(
    private readonly db: Db,
    private readonly sealer: Sealer,
  ) {}

  async create(account: string): Promise<TenantSecrets> {
    const secrets = {
      account: accountSchema.parse(account),
      sharedSecret: newSecret('ss'),
      ingestKey: newSecret('ik'),
      webhookSecret: newSecret('wh'),
    };
    const inserted = await this.db
      .insert(tenants)
      .values({
        id: randomUUID(),
        account: secrets.account,
        ingestKeyHash: hashKey(secrets.ingestKey),
        sharedSecret: this.sealer.seal(secrets.sharedSecret),
        webhookSecret: this.sealer.seal(secrets.webhookSecret),
      })
      .onConflictDoNothing()
      .returning({ id: tenants.id });
    if (inserted.length === 0)
      throw new TenantExistsError(`account ${account} already has a tenant`);
    return secrets;
  }

  /** Gives the backend read access to the account's Zendesk API (an API token). */
  async setZendeskAccess(
    account: string,
    email: string,
    token: string,
    installationId: number,
  ): Promise<boolean> {
    const updated = await this.db
      .update(tenants)
      .set({ zendeskAuth: this.sealer.seal(`${email}/token:${token}`), installationId })
      .where(eq(tenants.account, account))
      .returning({ id: tenants.id });
    this.#cache.delete(account);
    return updated.length > 0;
  }

  /**
   * Tenants are read on every request; a short cache saves the query and the unsealing. A
   * tenant's secrets never change in place, so a cached one is never wrong, only briefly
   * unaware of Zendesk access given on another instance.
   */
  readonly #cache = new Map<string, { tenant: Tenant; until: number }>();

  async byAccount(account: string): Promise<Tenant | null> {
    const hit = this.#cache.get(account);
    if (hit && hit.until > Date.now()) return hit.tenant;
    const [row] = await this.db.select().from(tenants).where(eq(tenants.account, account)).limit(1);
    if (!row) return null;
    const tenant = this.toTenant(row);
    this.#cache.set(account, { tenant, until: Date.now() + TENANT_CACHE_MS });
    return tenant;
  }

  async byIngestKey(key: string): Promise<Tenant | null> {
    const [row] = await this.db
      .select()
      .from(tenants)
      .where(eq(tenants.ingestKeyHash, hashKey(key)))
      .limit(1);
    return row ? this.toTenant(row) : null;
  }

  private toTenant(row: typeof tenants.$inferSelect): Tenant {
    const sealer = this.sealer;
    let shared: string | null = null;
    return {
      id: row.id,
      account: row.account,
      timeZone: row.timeZone,
      sharedSecret: () => {
        shared ??= sealer.open(row.sharedSecret);
        return shared;
      },
      webhookSecret: () => sealer.open(row.webhookSecret),
      zendesk:
        row.zendeskAuth && row.installationId !== null
          ? { basicAuth: () => sealer.open(row.zendeskAuth!), installationId: row.installationId }
          : null,
    };
  }
}
