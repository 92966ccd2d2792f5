import { z } from "zod";
import { taskIdSchema, taskViewSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";
import { retryTask as retry } from "../tasks/task-control.js";

export const retryTask = defineOperation({
  name: "retry-task",
  summary: "Run a dead or cancelled task again",
  description: "The same task id starts a new run; its attempt history is kept. Other states: 409.",
  tag: "tasks",
  input: z.object({ id: taskIdSchema }).strict(),
  output: taskViewSchema,
  permission: "tasks:control",
  sensitive: false,
  trpc: "tasks.retry",
  kind: "mutation",
  rest: { method: "post", path: "/tasks/{id}/retry", params: ["id"], statuses: [202] },
  run: (ctx, { id }) => retry(ctx.platform, id),
});
