/**
 * Logs and metrics. Logs are JSON lines with a request id and never a header or a body, so no
 * secret can reach them. Metrics are counters in Prometheus' text format.
 * @module
 */
export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  log(level: Exclude<Level, 'silent'>, msg: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(
  min: Level,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  return {
    log(level, msg, fields = {}) {
      if (RANK[level] < RANK[min]) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
    },
  };
}

export class Metrics {
  readonly #counters = new Map<string, { help: string; values: Map<string, number> }>();

  inc(name: string, help: string, labels: Record<string, string> = {}, by = 1): void {
    let counter = this.#counters.get(name);
    if (!counter) {
      counter = { help, values: new Map() };
      this.#counters.set(name, counter);
    }
    const key = Object.entries(labels)
      .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
      .join(',');
    counter.values.set(key, (counter.values.get(key) ?? 0) + by);
  }

  /** The counters, the process' memory and the gauges given (read by the caller when asked). */
  render(gauges: readonly { name: string; help: string; value: number }[] = []): string {
    const lines: string[] = [];
    for (const g of gauges)
      lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, `${g.name} ${g.value}`);
    for (const [name, { help, values }] of this.#counters) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, value] of values)
        lines.push(`${name}${labels ? `{${labels}}` : ''} ${value}`);
    }
    const memory = process.memoryUsage();
    lines.push(
      '# HELP process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${memory.rss}`,
      '# HELP nodejs_heap_used_bytes V8 heap in use, in bytes.',
      '# TYPE nodejs_heap_used_bytes gauge',
      `nodejs_heap_used_bytes ${memory.heapUsed}`,
    );
    return `${lines.join('\n')}\n`;
  }
}

/**
 * A fixed-window limit per key (a tenant, or a client address): enough to stop one account
 * starving the others, or one address guessing tokens or flooding webhooks.
 */
export class RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait, or 0 when the request may go ahead; `consume: false` only looks. */
  take(key: string, consume = true): number {
    const t = this.now();
    // Many keys (client addresses): forget the windows that have ended.
    if (this.#windows.size > 10_000)
      for (const [k, w] of this.#windows) if (t - w.start >= 60_000) this.#windows.delete(k);
    const w = this.#windows.get(key);
    if (!w || t - w.start >= 60_000) {
      if (consume) this.#windows.set(key, { start: t, count: 1 });
      return 0;
    }
    if (w.count >= this.perMinute) return Math.ceil((w.start + 60_000 - t) / 1000);
    if (consume) w.count++;
    return 0;
  }
}
