import { defineOperation } from "../operation.js";
import { readTaskStats, taskStatsQuerySchema, taskStatsSchema } from "../stats/task-stats.js";

export const getTaskStats = defineOperation({
  name: "get-task-stats",
  summary: "Completed, failed and p50/p95 run time per pool and minute, over the last hour",
  description:
    "From the task history: tasks that finished in each minute (completed; failed = dead), and the run time (start to finish) of the completed ones as nearest-rank p50 and p95. Cancelled tasks are not counted. Minutes with nothing finished are zeros.",
  tag: "pools",
  input: taskStatsQuerySchema,
  output: taskStatsSchema,
  permission: "pools:read",
  sensitive: false,
  trpc: "pools.taskStats",
  kind: "query",
  rest: { method: "get", path: "/task-stats" },
  run: (ctx, input) => readTaskStats(ctx.platform, input),
});
