import { z } from "zod";
import { defineOperation } from "../operation.js";
import { scheduleIdSchema, schedulePatchSchema, scheduleViewSchema } from "../schedules/schedule-schemas.js";
import { updateSchedule as update } from "../schedules/schedule-service.js";

export const updateSchedule = defineOperation({
  name: "update-schedule",
  summary: "Change a schedule's cron pattern or interval, its payload, or enable/disable it",
  description:
    "`pattern` is a cron pattern in UTC (checked by BullMQ's parser; 400 names `patch.pattern`), `every` milliseconds (at least 1000); " +
    "the payload is checked against the task type's schema. Settings survive restarts; a disabled schedule keeps them.",
  tag: "schedules",
  input: z.object({ id: scheduleIdSchema, patch: schedulePatchSchema }).strict(),
  output: scheduleViewSchema,
  permission: "schedules:write",
  // It changes what the platform does on its own, unattended: configuration.
  sensitive: true,
  trpc: "schedules.update",
  kind: "mutation",
  rest: { method: "patch", path: "/schedules/{id}", params: ["id"], body: "patch" },
  errors: ["NOT_FOUND"],
  example: { input: { id: "history-retention", patch: { pattern: "30 2 * * *", payload: { olderThanDays: 14 } } } },
  auditTarget: (input) => `schedule ${input.id}`,
  run: (ctx, { id, patch }) => update(ctx.platform, id, patch),
});
