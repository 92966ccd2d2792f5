import { createBatchChildren, deferWhenFull, submitTask } from "@switchyard/core";
import type { Platform } from "@switchyard/queue";
import type { BatchChildren, SubmitIngest } from "@switchyard/tasks";

/**
 * Tasks that handlers create (scrape → ingest, a batch's children) go through the same submit
 * path as the API's (core task-service: validation, backpressure, history), on the worker's
 * own producer Platform. A full pool defers the handler (no attempt spent) instead of failing it.
 */
export function createTaskSubmitter(platform: Platform): { submitIngest: SubmitIngest; batchChildren: BatchChildren } {
  return {
    async submitIngest(doc) {
      const { collection, ...document } = doc;
      const submitted = await deferWhenFull(() => submitTask(platform, { type: "ingest.document", payload: { ...document, collection } }));
      return { taskId: submitted.id };
    },
    batchChildren: createBatchChildren(platform),
  };
}
