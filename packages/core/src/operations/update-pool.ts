import { z } from "zod";
import { poolNameSchema, poolPatchResultSchema, poolPatchSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";
import { patchPool } from "../pools/pool-ops.js";

export const updatePool = defineOperation({
  name: "update-pool",
  summary: "Pause, resume or drain a pool, or change its concurrency live",
  description: "Drain removes every waiting task (they become cancelled); active ones finish. Concurrency applies per worker process, at once.",
  tag: "pools",
  input: z.object({ name: poolNameSchema, patch: poolPatchSchema }).strict(),
  output: poolPatchResultSchema,
  permission: "pools:write",
  sensitive: true,
  trpc: "pools.patch",
  kind: "mutation",
  rest: { method: "patch", path: "/pools/{name}", params: ["name"], body: "patch" },
  example: { input: { name: "scrape", patch: { state: "paused" } } },
  run: (ctx, { name, patch }) => patchPool(ctx.platform, name, patch),
});
