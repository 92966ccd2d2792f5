import { collectDefaultMetrics, Registry } from "prom-client";

export { Registry } from "prom-client";

/**
 * prom-client's default metrics that are gauges named `*_total` (sums of `nodejs_active_handles`,
 * `_requests` and `_resources` by type). Prometheus reserves `_total` for counters and
 * `promtool check metrics` rejects them; `sum(nodejs_active_handles)` gives the same figure.
 */
const MISNAMED_DEFAULTS = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

export interface MetricsRegistryOptions {
  /**
   * Process metrics (CPU, memory, file descriptors, GC, heap) and event-loop lag
   * (`nodejs_eventloop_lag_seconds`, `_p50_`, `_p99_`… from perf_hooks). On by default.
   */
  defaultMetrics?: boolean;
  /** Prefix for the default metrics' names (the GPU runner's `gpu_runner_`); none by default. */
  defaultPrefix?: string;
}

/** A registry of its own for one process (or one test), with the default metrics when asked. */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) {
    const prefix = options.defaultPrefix ?? "";
    // 10 ms resolution: finer costs CPU in the event-loop delay histogram for no use.
    collectDefaultMetrics({ register: registry, prefix, eventLoopMonitoringPrecision: 10 });
    for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(prefix + name);
  }
  return registry;
}
