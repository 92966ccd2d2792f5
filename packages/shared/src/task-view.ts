import { z } from "zod";
import { poolNameSchema } from "./pools.js";
import { prioritySchema } from "./priorities.js";
import { progressSchema } from "./progress.js";
import { taskStatusSchema } from "./task-status.js";

/** What the API returns for one task (REST and tRPC alike). Dates are ISO strings. */
export const taskViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  pool: poolNameSchema,
  priority: prioritySchema,
  status: taskStatusSchema,
  progress: progressSchema.nullable(),
  payload: z.unknown().optional(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type TaskView = z.infer<typeof taskViewSchema>;
