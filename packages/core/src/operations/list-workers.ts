import { listWorkers as list } from "@switchyard/queue";
import { workerListSchema } from "@switchyard/shared";
import { defineOperation, noInput } from "../operation.js";

export const listWorkers = defineOperation({
  name: "list-workers",
  summary: "Worker processes heard from in the last 10 minutes",
  description: "`alive` when the last heartbeat is under 15 s old, else `gone` (their tasks are recovered by the stalled check).",
  tag: "workers",
  input: noInput,
  output: workerListSchema,
  permission: "pools:read",
  sensitive: false,
  trpc: "workers.list",
  kind: "query",
  rest: { method: "get", path: "/workers" },
  run: async (ctx) => ({ workers: await list(ctx.platform.redis, ctx.platform.prefix) }),
});
