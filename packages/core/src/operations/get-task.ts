import { z } from "zod";
import { taskIdSchema, taskViewSchema } from "@switchyard/shared";
import { callerOf, defineOperation } from "../operation.js";
import { ownTasksOnly } from "../identity/task-owner.js";
import { getTask as get } from "../tasks/task-service.js";

export const getTask = defineOperation({
  name: "get-task",
  summary: "One task with its payload, progress, result and attempt history",
  description: "A submitter reads only the tasks it submitted; another's answers 404, as if it did not exist.",
  tag: "tasks",
  input: z.object({ id: taskIdSchema }).strict(),
  output: taskViewSchema,
  permission: "tasks:read",
  sensitive: false,
  trpc: "tasks.get",
  kind: "query",
  rest: { method: "get", path: "/tasks/{id}", params: ["id"] },
  run: (ctx, { id }) => get(ctx.platform, id, ownTasksOnly(callerOf(ctx))),
});
