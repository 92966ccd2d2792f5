import { z } from "zod";
import { breakerSnapshotSchema } from "./breaker-snapshot.js";
import { poolStatsSchema } from "./pool-stats.js";
import { poolNameSchema } from "./pools.js";
import { submitResponseSchema } from "./api.js";
import { taskViewSchema } from "./task-view.js";
import { workerViewSchema } from "./worker-info.js";

/** What the API answers, operation by operation (REST bodies and tRPC outputs alike). */

export const submitOutcomeSchema = submitResponseSchema.extend({
  /** True when an earlier submission with the same idempotency key answered (nothing new enqueued). */
  replayed: z.boolean(),
});
export type SubmitOutcome = z.infer<typeof submitOutcomeSchema>;

export const bulkSubmitOutcomeSchema = z.object({ ids: z.array(z.string()), replayed: z.boolean() });
export type BulkSubmitOutcome = z.infer<typeof bulkSubmitOutcomeSchema>;

export const taskPageSchema = z.object({
  items: z.array(taskViewSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type TaskPage = z.infer<typeof taskPageSchema>;

export const cancelOutcomeSchema = z.object({
  task: taskViewSchema,
  /** False when an active task was told to stop but had not stopped within the wait (HTTP 202). */
  stopped: z.boolean(),
});
export type CancelOutcome = z.infer<typeof cancelOutcomeSchema>;

export const poolListSchema = z.object({ pools: z.array(poolStatsSchema) });

export const poolPatchResultSchema = z.object({
  pool: poolStatsSchema,
  /** Waiting tasks removed by a drain (they became cancelled). */
  drained: z.number().int().optional(),
  /** Worker processes that received a live concurrency change. */
  notifiedWorkers: z.number().int().optional(),
});
export type PoolPatchResult = z.infer<typeof poolPatchResultSchema>;

export const poolResetResultSchema = z.object({
  pool: poolNameSchema,
  /** Jobs removed from Redis, by the state they were in. */
  removed: z.record(z.string(), z.number().int()),
  total: z.number().int(),
  /** Unfinished tasks marked cancelled in the history. */
  cancelledTasks: z.number().int(),
  /** Active tasks whose workers were told to stop. */
  stoppedActive: z.number().int(),
});
export type PoolResetResult = z.infer<typeof poolResetResultSchema>;

export const workerListSchema = z.object({ workers: z.array(workerViewSchema) });

export const circuitBreakersSchema = z.object({
  workers: z.array(
    z.object({
      workerId: z.string(),
      host: z.string(),
      pid: z.number().int(),
      lastSeen: z.number().int(),
      breakers: z.array(breakerSnapshotSchema),
    }),
  ),
});
export type CircuitBreakers = z.infer<typeof circuitBreakersSchema>;

const componentHealthSchema = z.object({
  status: z.enum(["up", "down"]),
  detail: z.string().optional(),
  latencyMs: z.number().optional(),
});
export const healthReportSchema = z.object({
  /** ok: every part up; degraded: serving, but some pools have no live worker; down: a part is down (503). */
  status: z.enum(["ok", "degraded", "down"]),
  redis: componentHealthSchema,
  database: componentHealthSchema,
  workers: z.object({
    /** degraded: some pools have no live worker (named in `idlePools`); their tasks wait until one is back. */
    status: z.enum(["up", "degraded", "down"]),
    detail: z.string().optional(),
    count: z.number().int(),
    idlePools: z.array(poolNameSchema).optional(),
  }),
  /** Present when the server is configured with Chroma (CHROMA_URL); down makes the status down. */
  chroma: componentHealthSchema.optional(),
});
export type HealthReport = z.infer<typeof healthReportSchema>;

export const faultNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");
export const faultStateSchema = z.object({ name: z.string(), active: z.boolean() });
