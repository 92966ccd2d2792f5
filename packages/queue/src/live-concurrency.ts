import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { PoolName, PoolsConfig } from "@switchyard/shared";
import { concurrencyKey } from "./control-channel.js";
import type { TaskLogger } from "./handler.js";
import type { JobData } from "./job-data.js";

/**
 * Each pool's starting concurrency: the fixed override when given (benchmarks), else the live
 * override stored in Redis (pool-ops sets it, so workers started later apply it too), else the
 * pool's configured concurrency.
 */
export async function readPoolConcurrency(
  redis: Redis,
  prefix: string,
  pools: PoolsConfig,
  fixed: number | undefined,
): Promise<(pool: PoolName) => number> {
  const overrides = fixed ? {} : await redis.hgetall(concurrencyKey(prefix));
  return (pool: PoolName): number => fixed ?? (Number(overrides[pool]) || pools[pool].concurrency);
}

/**
 * A live concurrency change from the control channel, applied to this process's worker for
 * the pool. False when this process doesn't serve the pool.
 */
export function applyConcurrencyChange(
  workers: ReadonlyMap<PoolName, Worker<JobData>>,
  pool: PoolName,
  value: number,
  log: TaskLogger,
): boolean {
  const worker = workers.get(pool);
  if (!worker) return false;
  worker.concurrency = value;
  log.info("concurrency changed", { pool, concurrency: value });
  return true;
}
