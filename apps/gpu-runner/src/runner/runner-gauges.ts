import { PRIORITIES } from "@switchyard/shared";
import type { ResourceManager } from "../engine/resource-manager.js";
import type { RunnerMetrics } from "../metrics.js";
import { redactPaths } from "../redact-paths.js";
import type { Engine } from "./engine.js";
import type { RunnerModels } from "./runner-models.js";

/** What was loaded, published once at start. */
export function publishModelGauges(metrics: RunnerMetrics, models: Pick<RunnerModels, "provider" | "registry">): void {
  const { provider } = models;
  // The fallback reason names onnxruntime-node's install folder; the label gets the reason without it.
  const reason = provider.fallbackReason === null ? "" : redactPaths(provider.fallbackReason);
  metrics.providerInfo.set({ provider: provider.active, requested: provider.requested, fallback_reason: reason }, 1);
  metrics.modelsLoaded.set(models.registry.list().length);
}

/**
 * Every 50 ms: expire deadlines, age priorities, publish queue and memory gauges. Returns
 * the stop function.
 */
export function startGaugeTicker(engine: Engine, resources: ResourceManager, metrics: RunnerMetrics): () => void {
  const { queue, batcher, effectiveMaxBatch } = engine;
  const tick = setInterval(() => {
    queue.expire();
    if (queue.age() > 0) batcher.notify();
    const byP = queue.depthByPriority();
    for (const p of PRIORITIES) metrics.queueDepth.set({ priority: p }, byP[p]);
    const snap = resources.snapshot();
    metrics.memoryRss.set(snap.rssMb * 1024 * 1024);
    for (const s of ["ok", "soft", "critical"] as const) metrics.memoryPressure.set({ state: s }, snap.state === s ? 1 : 0);
    if (snap.gpu.available) metrics.gpuMemoryUsed.set(snap.gpu.usedMb * 1024 * 1024);
    metrics.maxBatchSize.set(effectiveMaxBatch());
  }, 50);
  tick.unref();
  metrics.maxBatchSize.set(effectiveMaxBatch());
  return () => clearInterval(tick);
}
