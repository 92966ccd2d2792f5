import { z } from "zod";
import { poolNameSchema } from "./pools.js";

/** What a worker process reports in each heartbeat. Times are epoch ms. */
export const workerInfoSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  version: z.string(),
  pools: z.array(poolNameSchema),
  concurrency: z.record(z.string(), z.number().int()),
  active: z.number().int(),
  activeTasks: z.array(z.string()),
  memory: z.object({ rss: z.number(), heapUsed: z.number() }),
  startedAt: z.number().int(),
  lastSeen: z.number().int(),
  /** Circuit breakers of this process (see breakers/). */
  breakers: z.array(z.unknown()).default([]),
});
export type WorkerInfo = z.infer<typeof workerInfoSchema>;
export type WorkerStatus = "alive" | "gone";

/** A worker as GET /workers lists it. */
export const workerViewSchema = workerInfoSchema.extend({ status: z.enum(["alive", "gone"]) });
export type WorkerView = z.infer<typeof workerViewSchema>;
