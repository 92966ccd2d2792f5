import { z } from "zod";
import { poolNameSchema, poolResetResultSchema } from "@switchyard/shared";
import { defineOperation } from "../operation.js";
import { resetPool as reset } from "../pools/pool-ops.js";

export const resetPool = defineOperation({
  name: "reset-pool",
  summary: "Emergency reset: stop active tasks and remove every job of a pool from Redis",
  description: "Unfinished tasks become cancelled in the history; finished ones stay queryable there. Says exactly what was removed.",
  tag: "pools",
  input: z.object({ name: poolNameSchema }).strict(),
  output: poolResetResultSchema,
  permission: "pools:reset",
  sensitive: true,
  trpc: "pools.reset",
  kind: "mutation",
  rest: { method: "post", path: "/pools/{name}/reset", params: ["name"] },
  run: (ctx, { name }) => reset(ctx.platform, name),
});
