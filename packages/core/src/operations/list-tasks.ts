import { listTasksQuerySchema, taskPageSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";
import { listTasks as list } from "../tasks/task-service.js";

export const listTasks = defineOperation({
  name: "list-tasks",
  summary: "List tasks, newest first",
  description: "From the history; filter by status, type and pool; page with the returned cursor. Payloads are left out (get one task for it).",
  tag: "tasks",
  input: listTasksQuerySchema,
  output: taskPageSchema,
  permission: "tasks:read",
  sensitive: false,
  trpc: "tasks.list",
  kind: "query",
  rest: { method: "get", path: "/tasks" },
  run: (ctx, input) => list(ctx.platform, input),
});
