import { z } from "zod";
import { poolNameSchema, prioritySchema, type PoolName, type Priority } from "@switchyard/shared";

/** What a BullMQ job carries. The job's id is the task id and its name is the task type. */
export const jobDataSchema = z.object({
  type: z.string(),
  pool: poolNameSchema,
  priority: prioritySchema,
  payload: z.unknown(),
  createdAt: z.number().int(),
});
export type JobData = z.infer<typeof jobDataSchema>;

export interface PreparedTask {
  id: string;
  type: string;
  pool: PoolName;
  priority: Priority;
  payload: unknown;
  createdAt: number;
}
