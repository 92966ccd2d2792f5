import type { Redis } from "ioredis";
import { Job, type Queue } from "bullmq";
import { PRIORITIES, priorityRank, prioritySchema, type PoolConfig } from "@switchyard/shared";
import { poolKey } from "./keys.js";
import { startPoolLeaseLoop } from "./pool-lease-loop.js";
import type { PoolName } from "@switchyard/shared";

/** BullMQ orders prioritized jobs by priority × 2³² + an insertion counter. */
const LEVEL = 0x100000000;
/**
 * Tasks age all the way to `critical`: only there does FIFO put them ahead of a steady
 * stream of critical work, which is the point of aging.
 */
const TOP_AGED_RANK = priorityRank("critical");
const SCAN_PER_LEVEL = 200;

export interface AgingResult {
  promoted: number;
}

/**
 * One aging pass over a pool: a task that has waited longer than (levels already climbed + 1)
 * × agingMs since submission moves up one level. Within a level the oldest come first, so
 * each level's scan stops at the first task that is still young enough.
 */
export async function agePool(
  redis: Redis,
  queue: Queue,
  prefix: string,
  pool: PoolName,
  config: Pick<PoolConfig, "agingMs">,
  now = Date.now(),
): Promise<AgingResult> {
  if (config.agingMs <= 0) return { promoted: 0 };
  const key = poolKey(prefix, pool, "prioritized");
  let promoted = 0;
  for (let rank = TOP_AGED_RANK + 1; rank <= PRIORITIES.length; rank++) {
    const ids = await redis.zrangebyscore(key, rank * LEVEL, (rank + 1) * LEVEL - 1, "LIMIT", 0, SCAN_PER_LEVEL);
    for (const id of ids) {
      const job = await Job.fromId(queue, id);
      if (!job) continue;
      const data = job.data as { priority?: unknown };
      const submitted = prioritySchema.safeParse(data.priority);
      const originalRank = submitted.success ? priorityRank(submitted.data) : rank;
      const climbed = Math.max(0, originalRank - rank);
      if (now - job.timestamp < (climbed + 1) * config.agingMs) break;
      try {
        await job.changePriority({ priority: rank - 1 });
        promoted++;
      } catch {
        // Taken by a worker meanwhile: nothing to age.
      }
    }
  }
  return { promoted };
}

/**
 * Runs aging for the given pools every interval in one process at a time (a short Redis
 * lease per pool), so many workers don't promote the same task twice.
 */
export function startAging(options: {
  redis: Redis;
  prefix: string;
  pools: Partial<Record<PoolName, { queue: Queue; config: Pick<PoolConfig, "agingMs"> }>>;
  ownerId: string;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}): { stop(): void } {
  const interval = options.intervalMs ?? 1_000;
  const pools = (Object.keys(options.pools) as PoolName[]).filter((p) => (options.pools[p]?.config.agingMs ?? 0) > 0);
  return startPoolLeaseLoop({
    redis: options.redis,
    prefix: options.prefix,
    name: "aging",
    pools,
    ownerId: options.ownerId,
    intervalMs: interval,
    leaseMs: Math.max(interval * 2, 1_000),
    work: async (pool) => {
      const entry = options.pools[pool];
      if (entry) await agePool(options.redis, entry.queue, options.prefix, pool, entry.config);
    },
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
