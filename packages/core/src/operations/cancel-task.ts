import { z } from "zod";
import { cancelOutcomeSchema, taskIdSchema } from "@switchyard/shared";
import { callerOf, defineOperation } from "../operation.js";
import { cancelTask as cancel } from "../tasks/task-control.js";

export const cancelTask = defineOperation({
  name: "cancel-task",
  summary: "Cancel a waiting or running task",
  description: "A waiting task is removed (200); a running one is told to stop (200 once stopped, 202 while still stopping). A finished task: 409.",
  tag: "tasks",
  input: z.object({ id: taskIdSchema }).strict(),
  output: cancelOutcomeSchema,
  permission: "tasks:control",
  sensitive: false,
  trpc: "tasks.cancel",
  kind: "mutation",
  rest: { method: "post", path: "/tasks/{id}/cancel", params: ["id"], statuses: [200, 202] },
  status: (out) => (out.stopped ? 200 : 202),
  run: (ctx, { id }) => cancel(ctx.platform, id, `${callerOf(ctx).kind === "session" ? "user" : "token"} ${callerOf(ctx).name}`),
});
