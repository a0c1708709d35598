/**
 * The burns a credit pool reaches, found in one pass over a period's burns in any order.
 *
 * A pool drains through the burns in event order (spec section 4), and a whole tenant's period
 * has far more burns than a pool covers: only the burns before its edge, and the one that
 * crosses it, need to be known and ordered; every later one is overage whatever its place.
 * The edge keeps the earliest burns offered so far, now and then sorted and cut after the one
 * that fills the pool; a burn later than that one is turned away by one comparison, so most
 * burns need no object at all (see {@link PoolEdge.mayReach}).
 * @module
 */
import { compareCodePoints } from '../order.js';

export interface Burn {
  readonly ticketId: string;
  /** The usage event's id, or `~resolution:<ticketId>` for the resolution's burn. */
  readonly id: string;
  readonly at: number;
  readonly units: bigint;
  /** True for a usage event (listed in an explanation), false for the resolution's burn. */
  readonly usage: boolean;
}

/** Event time, then event id in code-point order, then ticket id. */
export function compareBurns(a: Burn, b: Burn): number {
  if (a.at !== b.at) return a.at - b.at;
  return compareCodePoints(a.id, b.id) || compareCodePoints(a.ticketId, b.ticketId);
}

/** Receives each reached usage event's line codes, when explaining. */
export type DrainTrace = (ticketId: string, code: string, eventId: string) => void;

export class PoolEdge {
  /** The burns that may be reached: every reached one, and perhaps a few more. */
  private kept: Burn[] = [];
  /** Once the pool is full: the burn that filled it, past which no burn is reached. */
  private last: Burn | null = null;
  /** The kept burns are sorted and cut when there are this many. */
  private limit = 64;
  /** False for an empty pool, which nothing reaches. */
  private readonly open: boolean;

  /**
   * A pool of `pool / den` credit units: each burn counts `units × den` against `pool`, so a
   * prorated pool drains in integers. An explanation keeps `every` burn, to trace each one.
   */
  constructor(
    readonly pool: bigint,
    readonly den: bigint,
    private readonly every = false,
  ) {
    this.open = pool > 0n;
  }

  /** False when no burn at `at` can be reached (it is later than the burn that filled the pool). */
  mayReach(at: number): boolean {
    return this.every || (this.last ? at <= this.last.at : this.open);
  }

  /** Keeps `burn` if it may be reached. */
  offer(burn: Burn): void {
    if (!this.every && (!this.open || (this.last && compareBurns(burn, this.last) > 0))) return;
    this.kept.push(burn);
    if (this.kept.length >= this.limit) this.cut();
  }

  /** Sorts the kept burns and drops those after the one that fills the pool. */
  private cut(): void {
    const kept = this.kept.sort(compareBurns);
    if (this.every) return;
    let left = this.pool;
    let reached = 0;
    while (reached < kept.length && left > 0n) left -= kept[reached++]!.units * this.den;
    if (left <= 0n) {
      kept.length = reached;
      this.last = kept[reached - 1]!;
    }
    this.limit = Math.max(64, 2 * kept.length);
  }

  /**
   * Drains the pool through the kept burns in order, the one at the edge split: each ticket's
   * prepaid units (scaled by `den`). Every kept burn past the edge is traced as overage.
   */
  drain(trace: DrainTrace | null = null): Map<string, bigint> {
    this.cut();
    const prepaid = new Map<string, bigint>();
    let left = this.pool;
    for (const burn of this.kept) {
      const units = burn.units * this.den;
      // biome-ignore lint/complexity/useMathMinMax: Math.min does not take BigInts.
      const used = units < left ? units : left;
      left -= used;
      prepaid.set(burn.ticketId, (prepaid.get(burn.ticketId) ?? 0n) + used);
      if (trace && burn.usage) {
        if (used > 0n) trace(burn.ticketId, 'credits_prepaid', burn.id);
        if (units > used) trace(burn.ticketId, 'credits_overage', burn.id);
      }
    }
    return prepaid;
  }
}
