import { RateLimitedError, type PoolName } from "@switchyard/shared";
import type { Platform } from "@switchyard/queue";

/** Tasks waiting to run in a pool: waiting, prioritized, paused and delayed (retrying) jobs. */
export async function poolDepth(platform: Platform, pool: PoolName): Promise<number> {
  const counts = await platform.queue(pool).getJobCounts("wait", "prioritized", "paused", "delayed");
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/**
 * Backpressure: refuse (429 + Retry-After) a submission that would take a pool past its
 * maxDepth; nothing of it is enqueued. Concurrent submitters can overshoot by at most one
 * request each, which is the price of not serialising every submission.
 */
export async function ensureCapacity(platform: Platform, adding: ReadonlyMap<PoolName, number>): Promise<void> {
  const checks = await Promise.all(
    [...adding].map(async ([pool, n]) => ({ pool, n, depth: await poolDepth(platform, pool) })),
  );
  for (const { pool, n, depth } of checks) {
    const max = platform.pools[pool].maxDepth;
    if (depth + n > max) {
      throw new RateLimitedError(
        `pool ${pool} is full: ${depth} tasks waiting, limit ${max}; ${n} more refused, nothing was enqueued`,
        retryAfterSeconds(depth - max + n, platform.pools[pool].concurrency),
      );
    }
  }
}

/** A rough wait: how long the pool's workers need to make room, clamped to 1–60 s. */
function retryAfterSeconds(overflow: number, concurrency: number): number {
  return Math.min(60, Math.max(1, Math.ceil(overflow / Math.max(concurrency * 10, 1))));
}
