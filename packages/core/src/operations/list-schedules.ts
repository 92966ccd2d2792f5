import { defineOperation, noInput } from "../operation.js";
import { scheduleListSchema } from "../schedules/schedule-schemas.js";
import { listSchedules as list } from "../schedules/schedule-service.js";

export const listSchedules = defineOperation({
  name: "list-schedules",
  summary: "The maintenance schedules: task type, timing, payload, next run and the newest run",
  description:
    "Each schedule is a BullMQ job scheduler whose firings are ordinary tasks (ids `repeat:<schedule>:<ms>`), run once however many workers serve the pool. " +
    "`lastRun` is the newest task of the schedule's type in the history.",
  tag: "schedules",
  input: noInput,
  output: scheduleListSchema,
  permission: "schedules:read",
  sensitive: false,
  trpc: "schedules.list",
  kind: "query",
  rest: { method: "get", path: "/schedules" },
  run: (ctx) => list(ctx.platform),
});
