import type { TaskHandler } from "@switchyard/queue";
import { batchChildren } from "@switchyard/shared";
import { runBatch, type BatchOptions } from "./batch-run.js";

/**
 * embed.batch: texts in embed.texts children of chunkSize each (the embed pool and the GPU
 * runner's batcher pace them), or one ingest.document child per document; then progress.
 */
export function createEmbedBatchHandler(options: BatchOptions): TaskHandler<"embed.batch"> {
  return (ctx) => runBatch(options, ctx, batchChildren("embed.batch", ctx.payload), ctx.payload.texts ? "text chunks" : "documents");
}
