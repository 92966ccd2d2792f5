import type { TaskHandler } from "@switchyard/queue";
import { batchChildren } from "@switchyard/shared";
import { runBatch, type BatchOptions } from "./batch-run.js";

/**
 * scrape.batch: one scrape.page child per URL (the scrape pool's concurrency and per-host rate
 * limits pace them), then progress as they finish.
 */
export function createScrapeBatchHandler(options: BatchOptions): TaskHandler<"scrape.batch"> {
  return (ctx) => runBatch(options, ctx, batchChildren("scrape.batch", ctx.payload), "pages");
}
