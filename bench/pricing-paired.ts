/**
 * Paired measurement for the pricing benchmark: the exact run and its float baseline taken in
 * turn, in CPU time, so that each ratio compares two runs made under the same load. On a machine
 * shared with other work, wall time counts the waits for a core, and a baseline measured minutes
 * before the run it is compared with saw another load.
 * @module
 */
import { median } from './measure.js';

/** CPU milliseconds (this process, every thread: the collector's included) that `fn` takes. */
export function cpuMs(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export interface Paired {
  readonly exactMs: number;
  readonly baselineMs: number;
  /** The median of the ratios of each pair (not the ratio of the medians). */
  readonly ratio: number;
}

/** `runs` pairs of (baseline, exact) after `warmup` unmeasured ones; medians of each. */
export function paired(
  exact: () => unknown,
  baseline: () => unknown,
  runs: number,
  warmup = 1,
): Paired {
  for (let i = 0; i < warmup; i++) {
    baseline();
    exact();
  }
  const exactMs: number[] = [];
  const baselineMs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const b = cpuMs(baseline);
    const e = cpuMs(exact);
    baselineMs.push(b);
    exactMs.push(e);
    ratios.push(e / b);
  }
  return { exactMs: median(exactMs), baselineMs: median(baselineMs), ratio: median(ratios) };
}
