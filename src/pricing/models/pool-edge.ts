/**
 * The burns a credit pool reaches, found in one pass over a period's burns in any order.
 *
 * A pool drains through the burns in event order (spec section 4), and a whole tenant's period
 * has far more burns than a pool covers: only the burns before its edge, and the one that
 * crosses it, need to be known and ordered; every later one is overage whatever its place.
 * The edge keeps exactly those: a max-heap of the earliest burns offered so far, whose latest
 * is dropped as soon as the burns before it fill the pool. Most burns are turned away by one
 * comparison with that latest, so no burn object needs to be made for them.
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
  /** Max-heap by {@link compareBurns}: every burn reached so far, and only those. */
  private readonly heap: Burn[] = [];
  /** The heap's units, scaled by `den`. */
  private sum = 0n;

  /**
   * A pool of `pool / den` credit units: each burn counts `units × den` against `pool`, so a
   * prorated pool drains in integers.
   */
  constructor(
    readonly pool: bigint,
    readonly den: bigint,
  ) {}

  /**
   * A cheap first test: false when no burn at `at` can be reached by what was offered so far
   * (the pool is full and its latest burn is earlier); true says only "perhaps", see {@link reaches}.
   */
  mayReach(at: number): boolean {
    if (this.sum < this.pool) return true;
    const latest = this.heap[0];
    return latest !== undefined && at <= latest.at;
  }

  /** Whether `burn` is reached by the burns offered so far, and so must be offered. */
  reaches(burn: Burn): boolean {
    if (this.sum < this.pool) return true;
    const latest = this.heap[0];
    return latest !== undefined && compareBurns(burn, latest) < 0;
  }

  /** Adds a burn that {@link reaches} the pool, dropping the burns it pushes past the edge. */
  add(burn: Burn): void {
    const heap = this.heap;
    heap.push(burn);
    this.sum += burn.units * this.den;
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareBurns(heap[parent]!, burn) >= 0) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = burn;
    // The latest is reached only while the burns before it leave some of the pool.
    while (heap.length > 0 && this.sum - heap[0]!.units * this.den >= this.pool) this.pop();
  }

  /** Offers a burn: added when it {@link reaches} the pool. */
  offer(burn: Burn): void {
    if (this.reaches(burn)) this.add(burn);
  }

  private pop(): void {
    const heap = this.heap;
    const top = heap[0]!;
    this.sum -= top.units * this.den;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && compareBurns(heap[right]!, heap[left]!) > 0 ? right : left;
      if (compareBurns(heap[child]!, last) <= 0) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }

  /**
   * Drains the pool through the reached burns in order, the last one split at the edge: each
   * ticket's prepaid units (scaled by `den`), and the burns reached.
   */
  drain(trace: DrainTrace | null = null): { prepaid: Map<string, bigint>; reached: Burn[] } {
    const reached = [...this.heap].sort(compareBurns);
    const prepaid = new Map<string, bigint>();
    let left = this.pool;
    for (const burn of reached) {
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
    return { prepaid, reached };
  }
}
