import { batchSubmittedSchema, MAX_SCRAPE_BATCH_URLS, submitScrapeBatchInputSchema } from "@switchyard/shared";
import { submitBatch } from "../batches/batch-service.js";
import { submitterOf } from "../identity/task-owner.js";
import { callerOf, defineOperation } from "../operation.js";

export const submitScrapeBatch = defineOperation({
  name: "submit-scrape-batch",
  summary: `Scrape up to ${MAX_SCRAPE_BATCH_URLS} URLs as one batch`,
  description:
    "Queues a scrape.batch task (202 with the batch id as soon as it is queued); a batch worker then submits one scrape.page task per URL, " +
    "at the batch's priority (bulk unless given: a critical batch's children are critical), paced by the scrape pool's concurrency and per-host rate limits. " +
    "Follow it at GET /batches/{id}, or live as the task's progress events (socket.io or SSE). An Idempotency-Key header makes repeats return the first batch.",
  tag: "batches",
  input: submitScrapeBatchInputSchema,
  output: batchSubmittedSchema,
  permission: "tasks:submit",
  sensitive: false,
  trpc: "batches.scrape",
  kind: "mutation",
  rest: { method: "post", path: "/batches/scrape", headers: { "idempotency-key": "idempotencyKey" }, statuses: [202] },
  auditInput: ({ urls, priority, ingest, screenshot }) => ({
    urls: urls.length,
    hosts: [...new Set(urls.map((u) => new URL(u).host))].slice(0, 20),
    ...(priority ? { priority } : {}),
    ...(ingest ? { ingest } : {}),
    screenshot,
  }),
  auditTarget: (input, output) => (output ? `batch ${output.id} (${input.urls.length} URLs)` : `${input.urls.length} URLs`),
  responseHeaders: (out): Record<string, string> => (out.replayed ? { "idempotent-replayed": "true" } : {}),
  example: { input: { urls: ["https://example.com/a", "https://example.com/b"], priority: "bulk" } },
  run: (ctx, { priority, idempotencyKey, ...payload }) =>
    submitBatch(ctx.platform, "scrape.batch", payload, priority, {
      scope: callerOf(ctx).id,
      ...submitterOf(callerOf(ctx)),
      ...(idempotencyKey ? { idempotencyKey } : {}),
    }),
});
