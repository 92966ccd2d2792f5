import { bulkTaskActionResultSchema, bulkTaskActionSchema, MAX_BULK_ACTION_IDS, MAX_BULK_ACTION_MATCHES } from "@switchyard/shared";
import { callerOf, defineOperation } from "../operation.js";
import { bulkTaskAction as bulk } from "../tasks/bulk-actions.js";

export const bulkTaskAction = defineOperation({
  name: "bulk-task-action",
  summary: "Cancel, retry or delete many tasks, by ids or by filter",
  description:
    `By \`ids\` (at most ${MAX_BULK_ACTION_IDS}) or every task matching \`filter\` (the task list's filters; ` +
    `the newest \`limit\`, at most ${MAX_BULK_ACTION_MATCHES}). cancel: waiting and running tasks; retry: dead and cancelled ones ` +
    "(a new run, same id); delete: finished tasks leave the history (and Redis). Tasks the action does not apply to are " +
    "counted under `skipped` by reason. `dryRun` only counts. Sensitive: a filter may reach many tasks, and delete destroys history.",
  tag: "tasks",
  input: bulkTaskActionSchema,
  output: bulkTaskActionResultSchema,
  permission: "tasks:control",
  sensitive: true,
  trpc: "tasks.bulkAction",
  kind: "mutation",
  rest: { method: "post", path: "/tasks/bulk-action" },
  example: { input: { action: "retry", filter: { status: "dead", type: "scrape.page", q: "timeout" }, dryRun: true } },
  auditTarget: (input) => (input.ids ? `${input.action} ${input.ids.length} task(s) by id` : `${input.action} tasks matching a filter`),
  run: (ctx, input) => {
    const caller = callerOf(ctx);
    return bulk(ctx.platform, input, `${caller.kind === "session" ? "user" : "token"} ${caller.name}`);
  },
});
