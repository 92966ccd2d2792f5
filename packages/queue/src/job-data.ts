import { z } from "zod";
import { attemptRecordSchema, poolNameSchema, prioritySchema, type PoolName, type Priority } from "@switchyard/shared";

/**
 * What a BullMQ job carries. The job's id is the task id and its name is the task type.
 * Optional fields are left out when unused so the common job stays small.
 */
export const jobDataSchema = z.object({
  type: z.string(),
  pool: poolNameSchema,
  priority: prioritySchema,
  payload: z.unknown(),
  createdAt: z.number().int(),
  /** 0 (omitted) for the original run; a retry or redrive of a dead task increments it. */
  run: z.number().int().min(0).optional(),
  /** Per-attempt time limit smaller than the pool's. */
  timeoutMs: z.number().int().positive().optional(),
  /** Failed attempts so far (all runs), appended by the worker before each retry or death. */
  attemptLog: z.array(attemptRecordSchema).optional(),
});
export type JobData = z.infer<typeof jobDataSchema>;

export interface PreparedTask {
  id: string;
  type: string;
  pool: PoolName;
  priority: Priority;
  payload: unknown;
  createdAt: number;
  maxAttempts?: number;
  timeoutMs?: number;
}
