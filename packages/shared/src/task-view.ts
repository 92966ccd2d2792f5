import { z } from "zod";
import { poolNameSchema } from "./pools.js";
import { prioritySchema } from "./priorities.js";
import { progressSchema } from "./progress.js";
import { taskStatusSchema } from "./task-status.js";

export const attemptRecordSchema = z.object({
  attempt: z.number().int(),
  /** 0 for the original run; each retry or redrive of a dead task starts a new run. */
  run: z.number().int(),
  error: z.string(),
  workerId: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string(),
});
export type AttemptRecord = z.infer<typeof attemptRecordSchema>;

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
  /** Attempts made in the current run (the running one included). */
  attempts: z.number().int(),
  /** Every failed attempt, oldest first, with its error. */
  attemptHistory: z.array(attemptRecordSchema).optional(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Who submitted it: "user:<id>" or "token:<id>"; null for tasks the platform made (or older ones). */
  submittedBy: z.string().nullable().optional(),
});
export type TaskView = z.infer<typeof taskViewSchema>;
