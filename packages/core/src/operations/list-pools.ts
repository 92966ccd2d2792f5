import { poolListSchema } from "@switchyard/shared";
import { defineOperation, noInput } from "../operation.js";
import { listPoolStats } from "../pools/pool-service.js";

export const listPools = defineOperation({
  name: "list-pools",
  summary: "Every pool with its configuration, state, queue depth by priority, throughput and workers",
  tag: "pools",
  input: noInput,
  output: poolListSchema,
  permission: "pools:read",
  sensitive: false,
  trpc: "pools.list",
  kind: "query",
  rest: { method: "get", path: "/pools" },
  run: async (ctx) => ({ pools: await listPoolStats(ctx.platform) }),
});
