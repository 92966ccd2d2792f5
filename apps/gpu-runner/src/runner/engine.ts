import type { RunnerConfig } from "../config.js";
import { Batcher } from "../engine/batcher.js";
import { RateEstimator } from "../engine/rate-estimator.js";
import { RequestQueue } from "../engine/request-queue.js";
import type { ResourceManager } from "../engine/resource-manager.js";
import type { SessionHost } from "../engine/session-host.js";
import { DeadlineExceededError, InferenceError, RunnerError } from "../errors.js";
import type { RunnerLogger } from "../logger.js";
import type { RunnerMetrics } from "../metrics.js";
import type { ProviderStatus } from "../models/registry.js";
import { createBatchExecutor, paddedTokens } from "./batch-execution.js";
import type { WorkItem } from "./work-item.js";

/** The request queue and the dynamic batcher feeding the session host, with their limits. */
export interface Engine {
  queue: RequestQueue<WorkItem>;
  batcher: Batcher<WorkItem>;
  /** Padded tokens per batch (config, or the provider's default). */
  tokenBudget: number;
  maxInFlight: number;
  /** The configured max batch, lowered under memory pressure. */
  effectiveMaxBatch(): number;
  /** Seconds a refused client should wait (queue depth ÷ recent throughput). */
  retryAfterSeconds(): number;
}

export function createEngine(args: {
  config: RunnerConfig;
  host: SessionHost;
  provider: ProviderStatus;
  resources: ResourceManager;
  metrics: RunnerMetrics;
  logger: RunnerLogger;
}): Engine {
  const { config, host, provider, resources, metrics, logger } = args;
  // Token budget 0 = auto: on CPU a batch of long inputs stops paying off early (measured: 16 ×
  // 128 tokens beat 64 × 128 on throughput and p99), a GPU wants large batches.
  const tokenBudget = config.batch.tokenBudget > 0 ? config.batch.tokenBudget : provider.active === "cuda" ? 16_384 : 2_048;
  const maxInFlight = config.batch.maxInFlight > 0 ? config.batch.maxInFlight : host.parallelism;
  const effectiveMaxBatch = (): number => Math.max(1, Math.floor(config.batch.maxBatchSize * resources.batchSizeFactor()));

  const queue = new RequestQueue<WorkItem>({
    maxDepth: config.queue.maxDepth,
    agingMs: config.queue.agingMs,
    onExpired: (entry) => {
      metrics.refusals.inc({ reason: "deadline" });
      entry.item.req.fail(new DeadlineExceededError(performance.now() - entry.enqueuedAt, entry.deadlineAt - entry.enqueuedAt));
    },
  });

  // Throughput estimate for Retry-After.
  const throughput = new RateEstimator();
  const retryAfterSeconds = (): number => Math.min(60, Math.max(1, Math.ceil(queue.depth / (throughput.perSecond || 50))));

  const batcher = new Batcher<WorkItem>({
    queue,
    maxBatchSize: effectiveMaxBatch,
    maxQueueDelayMs: config.batch.maxQueueDelayMs,
    gatherMs: config.batch.gatherMs,
    gatherBatchSize: config.batch.gatherBatchSize,
    maxInFlight,
    accept: (entry, batch) => entry.item.kind !== "embed" || paddedTokens(batch, entry) <= tokenBudget,
    execute: createBatchExecutor({ host, metrics, throughput }),
    onError: (err, batch) => {
      const message = err instanceof Error ? err.message : String(err);
      logger.error("batch failed", { model: batch[0]?.item.model.id, rows: batch.length, error: message });
      const error = err instanceof RunnerError ? err : new InferenceError(`inference failed: ${message}`, err);
      for (const e of batch) e.item.req.fail(error);
    },
  });

  return { queue, batcher, tokenBudget, maxInFlight, effectiveMaxBatch, retryAfterSeconds };
}
