import { submitOutcomeSchema, submitTaskSchema } from "@switchyard/shared";
import { callerOf, defineOperation } from "../operation.js";
import { submitterOf } from "../identity/task-owner.js";
import { submitTask as submit } from "../tasks/task-service.js";

export const submitTask = defineOperation({
  name: "submit-task",
  summary: "Submit one task",
  description:
    "Validates the payload against the type's schema (400 names the field), checks the pool's depth (429 + Retry-After when full) and enqueues. " +
    "An Idempotency-Key header (or body field) makes repeats within 24 h return the first answer.",
  tag: "tasks",
  input: submitTaskSchema,
  output: submitOutcomeSchema,
  permission: "tasks:submit",
  sensitive: false,
  // One entry per submission would double the history; bulk submissions are audited.
  audit: false,
  trpc: "tasks.submit",
  kind: "mutation",
  rest: { method: "post", path: "/tasks", headers: { "idempotency-key": "idempotencyKey" }, statuses: [202] },
  responseHeaders: (out): Record<string, string> => (out.replayed ? { "idempotent-replayed": "true" } : {}),
  example: {
    input: { type: "diagnostic.sleep", payload: { ms: 100 }, priority: "high" },
    output: { id: "0Mx3kHq2vB8cW1yZ4nT7aE", status: "queued", pool: "maintenance", priority: "high", replayed: false },
  },
  run: (ctx, input) => submit(ctx.platform, input, { scope: callerOf(ctx).id, ...submitterOf(callerOf(ctx)), validated: true }),
});
