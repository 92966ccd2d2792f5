import { z } from "zod";
import { callerOf, defineOperation } from "../operation.js";
import { taskOwner } from "../identity/task-owner.js";
import { runScheduleResultSchema, scheduleIdSchema } from "../schedules/schedule-schemas.js";
import { runSchedule as run } from "../schedules/schedule-service.js";

export const runSchedule = defineOperation({
  name: "run-schedule",
  summary: "Run a schedule's task now",
  description: "Submits the schedule's task type with its payload as an ordinary task of the caller (202 with its id); the schedule's timing is unchanged.",
  tag: "schedules",
  input: z.object({ id: scheduleIdSchema }).strict(),
  output: runScheduleResultSchema,
  permission: "schedules:write",
  sensitive: false,
  trpc: "schedules.run",
  kind: "mutation",
  rest: { method: "post", path: "/schedules/{id}/run", params: ["id"], statuses: [202] },
  errors: ["NOT_FOUND"],
  auditTarget: (input) => `schedule ${input.id}`,
  run: (ctx, { id }) => run(ctx.platform, id, { scope: callerOf(ctx).id, submittedBy: taskOwner(callerOf(ctx)) }),
});
