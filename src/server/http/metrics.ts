/**
 * Metrics through prom-client, in Prometheus' text format: counters the routes bump, request
 * latency by route and status, gauges read when /metrics is asked (the repricer's queue, the
 * tickets that could not be priced, the replay pool), and the process' own metrics.
 * @module
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process' metrics (memory, CPU, event loop, GC) belong to the process, however many
 * backends run in it (tests start several): collected once, into one registry of their own.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Request latency buckets, in seconds: a cached read to a replay near its deadline. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

export class Metrics {
  readonly #registry = new Registry();
  readonly #counters = new Map<string, Counter>();
  readonly #requests = new Counter({
    name: 'aicm_http_requests_total',
    help: 'HTTP requests by route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [this.#registry],
  });
  readonly #latency = new Histogram({
    name: 'aicm_http_request_duration_seconds',
    help: 'HTTP request latency by route and status, in seconds.',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [this.#registry],
  });

  /** Adds to a counter, declared by its first use (its labels' names are fixed from then). */
  inc(name: string, help: string, labels: Record<string, string> = {}, by = 1): void {
    let counter = this.#counters.get(name);
    if (!counter) {
      counter = new Counter({
        name,
        help,
        labelNames: Object.keys(labels),
        registers: [this.#registry],
      });
      this.#counters.set(name, counter);
    }
    counter.inc(labels, by);
  }

  /** One request answered: counted, and its latency observed, by route template and status. */
  request(labels: { method: string; route: string; status: string }, seconds: number): void {
    this.#requests.inc(labels);
    this.#latency.observe(labels, seconds);
  }

  /** A gauge read when /metrics is asked; declaring it again replaces how it is read. */
  gauge(name: string, help: string, read: () => number | Promise<number>): void {
    this.#registry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      registers: [this.#registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  /** Everything, the process' metrics included, in the text format. */
  async render(): Promise<{ contentType: string; text: string }> {
    const merged = Registry.merge([this.#registry, processMetrics()]);
    return { contentType: merged.contentType, text: await merged.metrics() };
  }
}
