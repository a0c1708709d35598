/**
 * A tenant's budgets and alert destination. Setting budgets replaces them all in one
 * transaction; the destination's secret is sealed under the master key, like the tenant's own.
 * @module
 */
import { and, eq } from 'drizzle-orm';
import type { BudgetScope } from '../../api/budgets.js';
import type { Sealer } from '../auth/secrets.js';
import type { Db } from '../db/database.js';
import { alertDestinations, budgets } from '../db/schema.js';

export interface Budget {
  readonly scope: BudgetScope;
  readonly value: string;
  readonly currency: string;
  readonly amountMinor: bigint;
}

export interface Destination {
  readonly url: string;
  readonly secret: () => string;
}

export class BudgetStore {
  constructor(
    private readonly db: Db,
    private readonly sealer: Sealer,
  ) {}

  async list(tenantId: string): Promise<Budget[]> {
    const rows = await this.db.select().from(budgets).where(eq(budgets.tenantId, tenantId));
    const order = { account: 0, group: 1, tool: 2 } as Record<string, number>;
    return rows
      .map((r) => ({
        scope: r.scope as BudgetScope,
        value: r.value,
        currency: r.currency,
        amountMinor: r.amountMinor,
      }))
      .sort((a, b) => order[a.scope]! - order[b.scope]! || (a.value < b.value ? -1 : 1));
  }

  async replace(tenantId: string, entries: readonly Budget[], now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.delete(budgets).where(eq(budgets.tenantId, tenantId));
      if (entries.length > 0)
        await tx.insert(budgets).values(entries.map((e) => ({ tenantId, ...e, updatedAt: now })));
    });
  }

  async destination(tenantId: string): Promise<Destination | null> {
    const [row] = await this.db
      .select()
      .from(alertDestinations)
      .where(and(eq(alertDestinations.tenantId, tenantId)))
      .limit(1);
    if (!row) return null;
    const sealer = this.sealer;
    return { url: row.url, secret: () => sealer.open(row.secret) };
  }

  async setDestination(tenantId: string, url: string, secret: string, now: Date): Promise<void> {
    const sealed = this.sealer.seal(secret);
    await this.db
      .insert(alertDestinations)
      .values({ tenantId, url, secret: sealed, updatedAt: now })
      .onConflictDoUpdate({
        target: alertDestinations.tenantId,
        set: { url, secret: sealed, updatedAt: now },
      });
  }
}
