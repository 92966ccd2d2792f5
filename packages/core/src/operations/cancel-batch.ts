import { z } from "zod";
import { cancelBatchResultSchema, taskIdSchema } from "@switchyard/shared";
import { cancelBatch as cancel } from "../batches/batch-service.js";
import { callerOf, defineOperation } from "../operation.js";

export const cancelBatch = defineOperation({
  name: "cancel-batch",
  summary: "Cancel a batch and every child not yet ended",
  description: "The batch task stops and its waiting or running children are cancelled; children that ended keep their outcome. A finished batch answers with nothing cancelled.",
  tag: "batches",
  input: z.object({ id: taskIdSchema }).strict(),
  output: cancelBatchResultSchema,
  permission: "tasks:control",
  sensitive: false,
  trpc: "batches.cancel",
  kind: "mutation",
  rest: { method: "post", path: "/batches/{id}/cancel", params: ["id"] },
  run: (ctx, { id }) => cancel(ctx.platform, id, `${callerOf(ctx).kind === "session" ? "user" : "token"} ${callerOf(ctx).name}`),
});
