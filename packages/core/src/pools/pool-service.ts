import { POOL_NAMES, PRIORITIES, priorityRank, type PoolName, type PoolStats } from "@switchyard/shared";
import { concurrencyKey, type Platform, readThroughput, listWorkers } from "@switchyard/queue";

/** GET /pools: each pool's config, live counts by priority, throughput and workers. */
export async function listPoolStats(platform: Platform): Promise<PoolStats[]> {
  const [workers, overrides] = await Promise.all([
    listWorkers(platform.redis, platform.prefix),
    platform.redis.hgetall(concurrencyKey(platform.prefix)),
  ]);
  return Promise.all(
    POOL_NAMES.map((pool) =>
      poolStats(
        platform,
        pool,
        workers.filter((w) => w.status === "alive" && w.pools.includes(pool)).length,
        Number(overrides[pool]) || undefined,
      ),
    ),
  );
}

async function poolStats(platform: Platform, pool: PoolName, workers: number, concurrency?: number): Promise<PoolStats> {
  const queue = platform.queue(pool);
  const [counts, perPriority, paused, tp60, tp10] = await Promise.all([
    queue.getJobCounts("waiting", "prioritized", "paused", "active", "delayed", "completed", "failed"),
    queue.getCountsPerPriority(PRIORITIES.map(priorityRank)),
    queue.isPaused(),
    readThroughput(platform.redis, platform.prefix, pool, 60),
    readThroughput(platform.redis, platform.prefix, pool, 10),
  ]);
  const waitingByPriority = Object.fromEntries(
    PRIORITIES.map((p) => [p, perPriority[String(priorityRank(p))] ?? 0]),
  ) as PoolStats["counts"]["waitingByPriority"];
  return {
    name: pool,
    // A live override (PATCH /pools/:name) wins over the manifest.
    config: concurrency ? { ...platform.pools[pool], concurrency } : platform.pools[pool],
    paused,
    counts: {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.paused ?? 0),
      waitingByPriority,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
    },
    throughput: { perSecond1m: tp60, perSecond10s: tp10 },
    workers,
  };
}
