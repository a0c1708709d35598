/**
 * Plan versions and activations. A version is immutable once saved; a change is a new version.
 * The active plan is the latest activation in effect at an instant; every earlier one is kept.
 * @module
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import {
  buildTimeline,
  type Plan,
  parsePlan,
  planAt,
  sameTerms,
  type Timeline,
} from '../../pricing/index.js';
import type { Db } from '../db/database.js';
import { activations, planVersions } from '../db/schema.js';
import { markAllDirty } from '../ledger/tickets.js';

export interface Activation {
  readonly planId: string;
  readonly version: number;
  readonly effectiveFrom: string;
  readonly activatedBy: string;
  readonly activatedAt: string;
  readonly viaZendesk: boolean;
  /** In force now, scheduled for later, or superseded (history, kept). */
  readonly status: 'in_force' | 'scheduled' | 'superseded';
}

/** Parsed plans by tenant, id and version: versions are immutable, so this never goes stale. */
const parsed = new Map<string, Plan>();
function planOf(tenantId: string, body: unknown): Plan {
  const { id, version } = body as { id: string; version: number };
  const key = `${tenantId}/${id}@${version}`;
  let plan = parsed.get(key);
  if (!plan) {
    plan = parsePlan(body);
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(key, plan);
  }
  return plan;
}

export class PlanStore {
  constructor(private readonly db: Db) {}

  /**
   * Saves a plan as the next version of its id (the version in the body is replaced), unless it
   * says exactly what the latest version says: then that version is the answer, and no new one
   * is made.
   */
  async saveVersion(tenantId: string, plan: Plan): Promise<Plan> {
    return (await this.save(tenantId, plan)).plan;
  }

  async save(tenantId: string, plan: Plan): Promise<{ plan: Plan; created: boolean }> {
    return this.db.transaction(async (tx) => {
      // Serialise version numbering per tenant and plan id.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`${tenantId}/${plan.id}`}))`);
      const [latest] = await tx
        .select({ body: planVersions.body })
        .from(planVersions)
        .where(and(eq(planVersions.tenantId, tenantId), eq(planVersions.planId, plan.id)))
        .orderBy(desc(planVersions.version))
        .limit(1);
      if (latest) {
        const current = planOf(tenantId, latest.body);
        if (sameTerms(current, plan)) return { plan: current, created: false };
      }
      const version = latest ? planOf(tenantId, latest.body).version + 1 : 1;
      const saved = parsePlan({ ...plan, version });
      await tx
        .insert(planVersions)
        .values({ tenantId, planId: saved.id, version: saved.version, body: saved });
      return { plan: saved, created: true };
    });
  }

  async version(tenantId: string, planId: string, version: number): Promise<Plan | null> {
    const [row] = await this.db
      .select({ body: planVersions.body })
      .from(planVersions)
      .where(
        and(
          eq(planVersions.tenantId, tenantId),
          eq(planVersions.planId, planId),
          eq(planVersions.version, version),
        ),
      );
    return row ? planOf(tenantId, row.body) : null;
  }

  async list(tenantId: string): Promise<{ plan: Plan; createdAt: string }[]> {
    const rows = await this.db
      .select({ body: planVersions.body, createdAt: planVersions.createdAt })
      .from(planVersions)
      .where(eq(planVersions.tenantId, tenantId))
      .orderBy(planVersions.planId, desc(planVersions.version));
    return rows.map((r) => ({ plan: parsePlan(r.body), createdAt: r.createdAt.toISOString() }));
  }

  async activate(
    tenantId: string,
    planId: string,
    version: number,
    effectiveFrom: Date,
    activatedBy: string,
    viaZendesk: boolean,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .insert(activations)
        .values({ tenantId, planId, version, effectiveFrom, activatedBy, viaZendesk });
      // The timeline changed: every stored price is repriced in the background (the repricer,
      // and any report first), so the ledger and its rollups follow the plans in force.
      await markAllDirty(tx, tenantId);
    });
  }

  /**
   * The tenant's activations as its timeline (spec section 8), or null before any activation.
   * Scheduled activations are part of it: they are known, and prorations count them.
   */
  async timeline(tenantId: string, db: Pick<Db, 'select'> = this.db): Promise<Timeline | null> {
    const list = await this.activations(tenantId, db);
    return list.length === 0
      ? null
      : buildTimeline(list.map((a) => ({ effectiveAt: a.effectiveAt.getTime(), plan: a.plan })));
  }

  /** Every activation with its plan, by instant and then in the order they were made. */
  async activations(
    tenantId: string,
    db: Pick<Db, 'select'> = this.db,
  ): Promise<{ effectiveAt: Date; plan: Plan }[]> {
    const rows = await db
      .select({ body: planVersions.body, effectiveFrom: activations.effectiveFrom })
      .from(activations)
      .innerJoin(
        planVersions,
        and(
          eq(planVersions.tenantId, activations.tenantId),
          eq(planVersions.planId, activations.planId),
          eq(planVersions.version, activations.version),
        ),
      )
      .where(eq(activations.tenantId, tenantId))
      .orderBy(asc(activations.effectiveFrom), asc(activations.seq));
    return rows.map((r) => ({ effectiveAt: r.effectiveFrom, plan: planOf(tenantId, r.body) }));
  }

  /**
   * The plan in force at `at`: the latest activation that has started by then, or, before the
   * first one, the first plan (usage recorded before anyone chose a plan is priced under it).
   */
  async active(
    tenantId: string,
    at: Date = new Date(),
    db: Pick<Db, 'select'> = this.db,
  ): Promise<Plan | null> {
    const timeline = await this.timeline(tenantId, db);
    return timeline ? planAt(timeline, at.getTime()).plan : null;
  }

  /** Every activation, newest first, each marked in force, scheduled or superseded at `now`. */
  async history(tenantId: string, now: Date = new Date()): Promise<Activation[]> {
    const rows = await this.db
      .select()
      .from(activations)
      .where(eq(activations.tenantId, tenantId))
      .orderBy(desc(activations.seq));
    // The one in force: the last by instant (then by order made) that has begun; before any has
    // begun, the first (spec section 8).
    const byInstant = [...rows].sort(
      (a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime() || a.seq - b.seq,
    );
    const begun = byInstant.filter((r) => r.effectiveFrom <= now);
    const first = byInstant.filter(
      (r) => r.effectiveFrom.getTime() === byInstant[0]?.effectiveFrom.getTime(),
    );
    const inForce = begun.at(-1) ?? first.at(-1);
    return rows.map((r) => ({
      planId: r.planId,
      version: r.version,
      effectiveFrom: r.effectiveFrom.toISOString(),
      activatedBy: r.activatedBy,
      activatedAt: r.activatedAt.toISOString(),
      viaZendesk: r.viaZendesk,
      status: r === inForce ? 'in_force' : r.effectiveFrom > now ? 'scheduled' : 'superseded',
    }));
  }
}
