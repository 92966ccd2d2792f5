import { z } from "zod";
import { bulkSubmitOutcomeSchema, idempotencyKeySchema, MAX_BULK_TASKS, submitTaskSchema } from "@switchyard/shared";
import { callerOf, defineOperation } from "../operation.js";
import { submitterOf } from "../identity/task-owner.js";
import { submitBulk } from "../tasks/task-service.js";

export const submitTasks = defineOperation({
  name: "submit-tasks",
  summary: `Submit up to ${MAX_BULK_TASKS} tasks at once`,
  description:
    "Every item is validated and every pool's capacity checked before anything is enqueued: all or nothing. " +
    "Use the Idempotency-Key header for the whole submission (items may not carry their own key).",
  tag: "tasks",
  input: z
    .object({
      // Each payload is then checked against its type's schema by the domain function (errors name tasks.N.payload.field).
      tasks: z.array(submitTaskSchema).min(1).max(MAX_BULK_TASKS),
      idempotencyKey: idempotencyKeySchema.optional(),
    })
    .strict(),
  output: bulkSubmitOutcomeSchema,
  permission: "tasks:submit",
  sensitive: false,
  trpc: "tasks.submitBulk",
  kind: "mutation",
  rest: { method: "post", path: "/tasks/bulk", headers: { "idempotency-key": "idempotencyKey" }, statuses: [202] },
  // The entry records what was submitted, not every payload again: each task is in the history
  // under its id, and hashing 1,000 payloads per request would slow the hot path.
  auditInput: ({ tasks, idempotencyKey }) => ({
    count: tasks.length,
    types: countBy(tasks, (t) => t.type),
    priorities: countBy(tasks, (t) => t.priority ?? "default"),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  }),
  auditTarget: (input, output) => (output ? `${output.ids.length} tasks` : `${input.tasks.length} tasks`),
  responseHeaders: (out): Record<string, string> => (out.replayed ? { "idempotent-replayed": "true" } : {}),
  run: (ctx, { tasks, idempotencyKey }) =>
    submitBulk(ctx.platform, { tasks }, {
      scope: callerOf(ctx).id,
      ...submitterOf(callerOf(ctx)),
      validated: true,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    }),
});

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
