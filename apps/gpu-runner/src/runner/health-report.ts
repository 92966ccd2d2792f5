import type { RunnerConfig } from "../config.js";
import type { ResourceManager } from "../engine/resource-manager.js";
import { redactPaths } from "../redact-paths.js";
import type { HealthReport } from "../runner-api.js";
import type { Engine } from "./engine.js";
import type { RunnerState } from "./lifecycle.js";
import type { RunnerModels } from "./runner-models.js";

/**
 * The runner's health as served on the public /health: status, provider, models, queue,
 * batching, memory. Texts that come from the system (fallback reason, load errors, GPU
 * memory reason) lose their file-system paths; models are named, never located.
 */
export function createHealthReport(args: {
  config: RunnerConfig;
  models: RunnerModels;
  engine: Engine;
  resources: ResourceManager;
  state: RunnerState;
  startedAt: number;
}): () => HealthReport {
  const { config, models, engine, resources, state, startedAt } = args;
  const { provider, host, registry } = models;
  const fallbackReason = provider.fallbackReason === null ? null : redactPaths(provider.fallbackReason);
  const failedModels = models.failures.map((f) => ({ model: f.model, error: redactPaths(f.error) }));
  return () => {
    const { queue, batcher } = engine;
    const byPriority = queue.depthByPriority();
    const mem = resources.snapshot();
    const memory = mem.gpu.available ? mem : { ...mem, gpu: { available: false as const, reason: redactPaths(mem.gpu.reason) } };
    return {
      status: state.closed ? "closed" : !state.accepting ? "draining" : mem.state === "ok" ? "ok" : "degraded",
      provider: { requested: provider.requested, active: provider.active, fallback: provider.fallbackReason !== null, fallbackReason },
      sessionHost: { mode: host.mode, replicas: host.parallelism, intraOpThreads: models.intraOpThreads || "default" },
      models: registry.list().map((m) => ({
        id: m.id,
        task: m.manifest.task,
        dimension: m.kind === "embedding" ? m.dimension : null,
        maxTokens: m.kind === "embedding" ? m.maxTokens : null,
        aliases: m.aliases,
      })),
      failedModels,
      queue: { depth: queue.depth, maxDepth: queue.maxDepth, byPriority, batchesInFlight: batcher.batchesInFlight },
      batching: {
        maxBatchSize: config.batch.maxBatchSize,
        effectiveMaxBatchSize: engine.effectiveMaxBatch(),
        maxQueueDelayMs: config.batch.maxQueueDelayMs,
        tokenBudget: engine.tokenBudget,
        lengthBuckets: config.batch.lengthBuckets,
        maxInFlight: engine.maxInFlight,
      },
      memory,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
  };
}
