import { z } from "zod";
import { poolConfigSchema, poolNameSchema } from "./pools.js";
import { PRIORITIES } from "./priorities.js";

export const waitingByPrioritySchema = z.object(
  Object.fromEntries(PRIORITIES.map((p) => [p, z.number().int()])) as Record<(typeof PRIORITIES)[number], z.ZodNumber>,
);

/** One pool as GET /api/v1/pools and the dashboard see it. */
export const poolStatsSchema = z.object({
  name: poolNameSchema,
  config: poolConfigSchema,
  paused: z.boolean(),
  counts: z.object({
    waiting: z.number().int(),
    waitingByPriority: waitingByPrioritySchema,
    active: z.number().int(),
    delayed: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
  }),
  /** Completions per second over the last minute, and over the last 10 seconds. */
  throughput: z.object({ perSecond1m: z.number(), perSecond10s: z.number() }),
  workers: z.number().int(),
});
export type PoolStats = z.infer<typeof poolStatsSchema>;
