import type { QueueEntry } from "../engine/request-queue.js";
import type { RateEstimator } from "../engine/rate-estimator.js";
import type { SessionHost } from "../engine/session-host.js";
import type { RunnerMetrics } from "../metrics.js";
import { concatBatch, splitBatch } from "../models/tensor-model.js";
import type { EmbedItem, TensorItem, WorkItem } from "./work-item.js";

/** Padded tokens of a batch (longest sequence × rows), with `extra` added when given. */
export function paddedTokens(batch: ReadonlyArray<QueueEntry<WorkItem>>, extra?: QueueEntry<WorkItem>): number {
  let maxLen = 0;
  let rows = 0;
  for (const e of extra ? [...batch, extra] : batch) {
    if (e.item.kind === "embed") maxLen = Math.max(maxLen, e.item.ids.length);
    rows += e.slots;
  }
  return maxLen * rows;
}

/**
 * Compute one batch on the session host and count it in the metrics. Resolves with the
 * delivery step (handing each part its result), which the batcher runs after dispatching
 * the next batch.
 */
export function createBatchExecutor(args: {
  host: SessionHost;
  metrics: RunnerMetrics;
  throughput: RateEstimator;
}): (batch: Array<QueueEntry<WorkItem>>) => Promise<() => void> {
  const { host, metrics, throughput } = args;
  return async (batch) => {
    const first = batch[0];
    if (!first) return () => {};
    const started = performance.now();
    for (const e of batch) metrics.queueWait.observe({ priority: e.priority }, (started - e.enqueuedAt) / 1000);
    const model = first.item.model;
    const rows = batch.reduce((s, e) => s + e.slots, 0);
    metrics.batchSize.observe({ model: model.id }, rows);
    if (first.item.kind === "embed") {
      const items = batch.map((e) => e.item as EmbedItem);
      const embedModel = first.item.model;
      const idRows = items.map((i) => i.ids);
      const feeds = embedModel.buildFeeds(idRows);
      const { outputs, computeMs } = await host.run(embedModel.id, feeds, [embedModel.outputName]);
      metrics.computeSeconds.observe({ model: model.id }, computeMs / 1000);
      const vectors = embedModel.readVectors(outputs, idRows);
      metrics.inputs.inc({ model: model.id }, items.length);
      metrics.tokens.inc({ model: model.id }, idRows.reduce((s, r) => s + r.length, 0));
      throughput.add(items.length);
      return () => {
        for (let i = 0; i < items.length; i++) {
          const it = items[i] as EmbedItem;
          it.req.complete(it.index, vectors[i] ?? new Float32Array(0));
        }
      };
    }
    const items = batch.map((e) => e.item as TensorItem);
    const feeds = concatBatch(items.map((i) => i.inputs));
    const { outputs, computeMs } = await host.run(model.id, feeds);
    metrics.computeSeconds.observe({ model: model.id }, computeMs / 1000);
    const parts = splitBatch(outputs, items.map((i) => i.rows));
    metrics.inputs.inc({ model: model.id }, rows);
    throughput.add(rows);
    return () => {
      for (let i = 0; i < items.length; i++) {
        const it = items[i] as TensorItem;
        it.req.complete(it.index, parts[i] ?? {});
      }
    };
  };
}
