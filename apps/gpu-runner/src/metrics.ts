import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { createHttpMetrics, createMetricsRegistry, type HttpMetrics } from "@switchyard/observability";

/** The runner's Prometheus metrics, on a registry of its own (one per runner instance). */
export interface RunnerMetrics {
  registry: Registry;
  /** End-to-end latency of every HTTP request, by route template and status (http/request-metrics.ts). */
  http: HttpMetrics;
  batchSize: Histogram<"model">;
  queueDepth: Gauge<"priority">;
  queueWait: Histogram<"priority">;
  computeSeconds: Histogram<"model">;
  providerInfo: Gauge<"provider" | "requested" | "fallback_reason">;
  requests: Counter<"api" | "model" | "outcome">;
  refusals: Counter<"reason">;
  inputs: Counter<"model">;
  tokens: Counter<"model">;
  maxBatchSize: Gauge;
  memoryRss: Gauge;
  memoryPressure: Gauge<"state">;
  gpuMemoryUsed: Gauge;
  modelsLoaded: Gauge;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): RunnerMetrics {
  // The shared registry factory: process metrics and event-loop lag, without prom-client's
  // `*_total` gauges (promtool rejects them).
  const registry = createMetricsRegistry({ defaultMetrics: options.defaultMetrics ?? true, defaultPrefix: "gpu_runner_" });
  const registers = [registry];
  return {
    registry,
    http: createHttpMetrics(registry, "gpu_runner"),
    batchSize: new Histogram({
      name: "gpu_runner_batch_size",
      help: "Rows per computed batch",
      labelNames: ["model"],
      buckets: [1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 256],
      registers,
    }),
    queueDepth: new Gauge({ name: "gpu_runner_queue_depth", help: "Waiting rows by effective priority", labelNames: ["priority"], registers }),
    queueWait: new Histogram({
      name: "gpu_runner_queue_wait_seconds",
      help: "Time from enqueue to the start of compute",
      labelNames: ["priority"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    computeSeconds: new Histogram({
      name: "gpu_runner_compute_seconds",
      help: "Session run time per batch",
      labelNames: ["model"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12],
      registers,
    }),
    providerInfo: new Gauge({
      name: "gpu_runner_execution_provider_info",
      help: "Execution provider in use (value 1), the one requested, and why CUDA was not used",
      labelNames: ["provider", "requested", "fallback_reason"],
      registers,
    }),
    requests: new Counter({
      name: "gpu_runner_requests_total",
      help: "Inference requests by API, model (unknown when refused before it was resolved) and outcome",
      labelNames: ["api", "model", "outcome"],
      registers,
    }),
    refusals: new Counter({ name: "gpu_runner_refusals_total", help: "Work refused or dropped, by reason", labelNames: ["reason"], registers }),
    inputs: new Counter({ name: "gpu_runner_inputs_total", help: "Rows (texts or tensor rows) computed", labelNames: ["model"], registers }),
    tokens: new Counter({ name: "gpu_runner_tokens_total", help: "Tokens embedded", labelNames: ["model"], registers }),
    maxBatchSize: new Gauge({ name: "gpu_runner_max_batch_size", help: "Effective max batch size (lowered under memory pressure)", registers }),
    memoryRss: new Gauge({ name: "gpu_runner_memory_rss_bytes", help: "Process resident memory at the last check", registers }),
    memoryPressure: new Gauge({ name: "gpu_runner_memory_pressure", help: "1 for the current memory state (ok, soft, critical)", labelNames: ["state"], registers }),
    gpuMemoryUsed: new Gauge({ name: "gpu_runner_gpu_memory_used_bytes", help: "GPU memory used (CUDA with nvidia-smi only; stays 0 where it cannot be measured, see gpu_runner_execution_provider_info)", registers }),
    modelsLoaded: new Gauge({ name: "gpu_runner_models_loaded", help: "Models loaded", registers }),
  };
}
