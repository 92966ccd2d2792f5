import { batchViewSchema, getBatchInputSchema, MAX_BATCH_FAILURES } from "@switchyard/shared";
import { getBatch as get } from "../batches/batch-service.js";
import { ownTasksOnly } from "../identity/task-owner.js";
import { callerOf, defineOperation } from "../operation.js";

export const getBatch = defineOperation({
  name: "get-batch",
  summary: "A batch's status, its children counted by status, results and failures",
  description:
    "`status`: running until every child has ended, then completed (failed children are listed, not fatal), or cancelled, or failed (the batch itself died). " +
    "`counts`: the children by their recorded status (`pending`: not yet submitted). " +
    `\`results\`: completed children from \`offset\` (at most \`limit\`, fewer past 4 MiB of results; continue at \`page.nextOffset\`); \`failures\`: the first ${MAX_BATCH_FAILURES} dead children with their input and error. ` +
    "A submitter reads only its own batches.",
  tag: "batches",
  input: getBatchInputSchema,
  output: batchViewSchema,
  permission: "tasks:read",
  sensitive: false,
  trpc: "batches.get",
  kind: "query",
  rest: { method: "get", path: "/batches/{id}", params: ["id"] },
  run: (ctx, input) => get(ctx.platform, input, ownTasksOnly(callerOf(ctx))),
});
