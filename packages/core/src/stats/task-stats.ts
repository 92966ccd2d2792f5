import { z } from "zod";
import type { Platform } from "@switchyard/queue";
import { poolNameSchema } from "@switchyard/shared";

export const BUCKET_MS = 60_000;

export const taskStatsQuerySchema = z
  .object({
    /** One pool; absent: every pool of the platform. */
    pool: poolNameSchema.optional(),
    /** How far back, in minutes (whole minutes, the current one included). */
    minutes: z.coerce.number().int().min(5).max(60).default(60),
  })
  .strict();
export type TaskStatsQuery = z.infer<typeof taskStatsQuerySchema>;

const bucketSchema = z.object({
  /** Start of the minute (ISO, UTC). */
  start: z.string(),
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Run time (start → finish) of the minute's completed tasks, nearest rank; null when none. */
  p50Ms: z.number().nonnegative().nullable(),
  p95Ms: z.number().nonnegative().nullable(),
});

export const taskStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucketMs: z.literal(BUCKET_MS),
  /** Every pool asked for, each with one bucket per minute, oldest first (empty minutes are zeros). */
  pools: z.array(z.object({ pool: poolNameSchema, buckets: z.array(bucketSchema) })),
});
export type TaskStats = z.infer<typeof taskStatsSchema>;

/**
 * Completed and failed tasks and p50/p95 run time per pool and minute, from the task history
 * (packages/db task-stats-sql.ts, one statement on either database), with empty minutes filled.
 */
export async function readTaskStats(platform: Platform, query: TaskStatsQuery, now = Date.now()): Promise<TaskStats> {
  const until = Math.floor(now / BUCKET_MS) * BUCKET_MS + BUCKET_MS;
  const since = until - query.minutes * BUCKET_MS;
  const rows = await platform.db.taskStats.perMinute({ since: new Date(since), until: new Date(until), ...(query.pool ? { pool: query.pool } : {}) });
  const names = query.pool ? [query.pool] : poolNameSchema.options.filter((p) => p in platform.pools);
  const byKey = new Map(rows.map((r) => [`${r.pool}\0${r.minute.getTime()}`, r]));
  return {
    from: new Date(since).toISOString(),
    to: new Date(until).toISOString(),
    bucketMs: BUCKET_MS,
    pools: names.map((pool) => ({
      pool,
      buckets: Array.from({ length: query.minutes }, (_, i) => {
        const start = since + i * BUCKET_MS;
        const row = byKey.get(`${pool}\0${start}`);
        return {
          start: new Date(start).toISOString(),
          completed: row?.completed ?? 0,
          failed: row?.failed ?? 0,
          p50Ms: row?.p50Ms ?? null,
          p95Ms: row?.p95Ms ?? null,
        };
      }),
    })),
  };
}
