import { batchListSchema, listBatchesInputSchema } from "@switchyard/shared";
import { listBatches as list } from "../batches/batch-service.js";
import { ownTasksOnly } from "../identity/task-owner.js";
import { callerOf, defineOperation } from "../operation.js";

export const listBatches = defineOperation({
  name: "list-batches",
  summary: "Batches, newest first, with their progress",
  description: "Scrape and embed batches (or one `kind`), paged with the returned cursor. A submitter sees only its own.",
  tag: "batches",
  input: listBatchesInputSchema,
  output: batchListSchema,
  permission: "tasks:read",
  sensitive: false,
  trpc: "batches.list",
  kind: "query",
  rest: { method: "get", path: "/batches" },
  run: (ctx, input) => list(ctx.platform, input, ownTasksOnly(callerOf(ctx))),
});
