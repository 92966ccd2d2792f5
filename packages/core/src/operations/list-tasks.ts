import { listTasksQuerySchema, taskPageSchema } from "@switchyard/shared";
import { callerOf, defineOperation } from "../operation.js";
import { ownTasksOnly } from "../identity/task-owner.js";
import { listTasks as list } from "../tasks/task-service.js";

export const listTasks = defineOperation({
  name: "list-tasks",
  summary: "List tasks, newest first",
  description:
    "From the history; filter by status, type, pool, priority, creation time (`from`, `to`: ISO time or epoch ms, inclusive) " +
    "and text (`q`: words that must all occur as whole words, case folded, in the id, type, payload, result or error; `word*` matches words starting with it); " +
    "page with the returned cursor. Payloads are left out (get one task for it). " +
    "A submitter sees only the tasks it submitted (through any of its tokens or its session).",
  tag: "tasks",
  input: listTasksQuerySchema,
  output: taskPageSchema,
  permission: "tasks:read",
  sensitive: false,
  trpc: "tasks.list",
  kind: "query",
  rest: { method: "get", path: "/tasks" },
  example: { input: { q: "timeout", status: "dead", from: "2026-12-01T00:00:00Z", limit: 50 } },
  run: (ctx, input) => list(ctx.platform, input, ownTasksOnly(callerOf(ctx))),
});
