import type { QueueState } from "@switchyard/observability";
import { listWorkers, readOutcomeTotals, type Platform } from "@switchyard/queue";
import { breakerSnapshotSchema, POOL_NAMES, PRIORITIES, priorityRank, type PoolName } from "@switchyard/shared";

/**
 * The queue state the web's /metrics reports, read on each scrape: per pool the job counts,
 * waiting per priority (BullMQ's prioritized set), paused, the outcome totals the workers
 * flushed (`…:{pool}:totals`), and from the heartbeats the live workers and their breakers.
 * About four Redis round trips per pool, pipelined by ioredis; nothing per task.
 */
export async function readQueueState(platform: Platform): Promise<QueueState> {
  const workers = (await listWorkers(platform.redis, platform.prefix)).filter((w) => w.status === "alive");
  const pools = await Promise.all(
    POOL_NAMES.map(async (pool: PoolName) => {
      const queue = platform.queue(pool);
      const [counts, perPriority, paused, totals] = await Promise.all([
        queue.getJobCounts("waiting", "prioritized", "paused", "active", "delayed"),
        queue.getCountsPerPriority(PRIORITIES.map(priorityRank)),
        queue.isPaused(),
        readOutcomeTotals(platform.redis, platform.prefix, pool),
      ]);
      return {
        pool,
        paused,
        jobs: {
          waiting: (counts["waiting"] ?? 0) + (counts["prioritized"] ?? 0) + (counts["paused"] ?? 0),
          active: counts["active"] ?? 0,
          delayed: counts["delayed"] ?? 0,
        },
        waitingByPriority: Object.fromEntries(PRIORITIES.map((p) => [p, perPriority[String(priorityRank(p))] ?? 0])),
        workers: workers.filter((w) => w.pools.includes(pool)).length,
        totals,
      };
    }),
  );
  const breakers = new Map<string, { dependency: string; state: string; workers: number }>();
  for (const w of workers) {
    for (const raw of w.breakers) {
      // A newer worker may report breakers this reader doesn't know the shape of: left out.
      const b = breakerSnapshotSchema.safeParse(raw);
      if (!b.success) continue;
      const key = `${b.data.name}\u0000${b.data.state}`;
      const entry = breakers.get(key) ?? { dependency: b.data.name, state: b.data.state, workers: 0 };
      entry.workers += 1;
      breakers.set(key, entry);
    }
  }
  return { pools, workersAlive: workers.length, breakers: [...breakers.values()] };
}
