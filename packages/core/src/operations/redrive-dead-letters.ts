import { redriveResultSchema, redriveSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";
import { redriveDeadLetters as redrive } from "../tasks/dead-letters.js";

export const redriveDeadLetters = defineOperation({
  name: "redrive-dead-letters",
  summary: "Run dead tasks again, by ids or by filter",
  description: "Each task keeps its id and attempt history and starts a new run; ids that are not dead are listed under `skipped` with the reason.",
  tag: "dead letters",
  input: redriveSchema,
  output: redriveResultSchema,
  permission: "tasks:control",
  sensitive: false,
  trpc: "deadLetters.redrive",
  kind: "mutation",
  rest: { method: "post", path: "/dead-letters/redrive" },
  example: { input: { filter: { pool: "scrape", error: "timeout" }, limit: 500 } },
  run: (ctx, input) => redrive(ctx.platform, input),
});
