import { deadLetterQuerySchema, taskPageSchema } from "@switchyard/shared";
import { callerOf, defineOperation } from "../operation.js";
import { ownTasksOnly } from "../identity/task-owner.js";
import { listDeadLetters as list } from "../tasks/dead-letters.js";

export const listDeadLetters = defineOperation({
  name: "list-dead-letters",
  summary: "Dead tasks with their errors, newest first",
  description: "`error` matches a substring of the last error, case-insensitively; `since` is an ISO date-time or epoch milliseconds.",
  tag: "dead letters",
  input: deadLetterQuerySchema,
  output: taskPageSchema,
  permission: "tasks:read",
  sensitive: false,
  trpc: "deadLetters.list",
  kind: "query",
  rest: { method: "get", path: "/dead-letters" },
  run: (ctx, input) => list(ctx.platform, input, ownTasksOnly(callerOf(ctx))),
});
