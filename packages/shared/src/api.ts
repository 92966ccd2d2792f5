import { z } from "zod";
import { poolNameSchema } from "./pools.js";
import { prioritySchema } from "./priorities.js";
import { taskStatusSchema } from "./task-status.js";

/** Limits shared by REST and tRPC. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_BULK_TASKS = 1_000;

/** The envelope of one submission; the payload is checked against its type's schema afterwards. */
export const submitTaskSchema = z
  .object({
    type: z.string().min(1).max(100),
    payload: z.unknown().default({}),
    priority: prioritySchema.default("normal"),
    /** Only diagnostic types may be routed to a pool other than their default. */
    pool: poolNameSchema.optional(),
  })
  .strict();
export type SubmitTaskInput = z.input<typeof submitTaskSchema>;

export const bulkSubmitSchema = z
  .object({ tasks: z.array(z.unknown()).min(1).max(MAX_BULK_TASKS) })
  .strict();

export const listTasksQuerySchema = z
  .object({
    status: taskStatusSchema.optional(),
    type: z.string().max(100).optional(),
    pool: poolNameSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;

export const taskIdSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, "invalid task id");

export const submitResponseSchema = z.object({
  id: z.string(),
  status: taskStatusSchema,
  pool: poolNameSchema,
  priority: prioritySchema,
});
export type SubmitResponse = z.infer<typeof submitResponseSchema>;
