import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { TaskHistoryRepo } from "@switchyard/db";
import type { PoolName, PoolsConfig } from "@switchyard/shared";
import { startAging } from "./aging.js";
import { errorMessage } from "./error-message.js";
import type { TaskLogger } from "./handler.js";
import { startHistoryReconciler } from "./history-reconciler.js";
import { queueName } from "./keys.js";
import type { Retention } from "./retention.js";

export interface LeasedLoopsOptions {
  redis: Redis;
  prefix: string;
  ownerId: string;
  poolNames: readonly PoolName[];
  pools: PoolsConfig;
  repo: TaskHistoryRepo;
  retention: Retention;
  agingIntervalMs: number | undefined;
  reconcile: { intervalMs?: number; lagMs?: number } | undefined;
  log: TaskLogger;
}

export interface LeasedLoops {
  /** The pools' queues the loops work on (on the runtime's shared connection); closed at shutdown. */
  readonly queues: ReadonlyMap<PoolName, Queue>;
  stop(): void;
}

/**
 * The periodic work that runs in one worker process at a time per pool (a Redis lease each,
 * pool-lease-loop.ts): priority aging, and the history check of finished jobs followed by the
 * retention trim.
 */
export function startLeasedLoops(options: LeasedLoopsOptions): LeasedLoops {
  const { redis, prefix, log } = options;
  const queues = new Map(
    options.poolNames.map((pool) => [pool, new Queue(queueName(pool), { connection: redis, prefix, skipMetasUpdate: true })]),
  );

  const aging = startAging({
    redis,
    prefix,
    ownerId: options.ownerId,
    intervalMs: options.agingIntervalMs ?? 1_000,
    pools: Object.fromEntries([...queues].map(([pool, queue]) => [pool, { queue, config: options.pools[pool] }])),
    onError: (err) => log.warn("aging failed", { err: errorMessage(err) }),
  });

  // History check of finished jobs, then retention: at most retention.count finished jobs per
  // pool in Redis, none older than retention.age (the history is in the database).
  const reconciler = startHistoryReconciler({
    redis,
    prefix,
    queues,
    repo: options.repo,
    retention: options.retention,
    ownerId: options.ownerId,
    ...(options.reconcile?.intervalMs ? { intervalMs: options.reconcile.intervalMs } : {}),
    ...(options.reconcile?.lagMs !== undefined ? { lagMs: options.reconcile.lagMs } : {}),
    onRepaired: (pool, repaired) => log.warn("repaired history rows lost by a crashed worker", { pool, repaired }),
    onError: (err) => log.warn("history reconcile failed", { err: errorMessage(err) }),
  });

  return {
    queues,
    stop() {
      aging.stop();
      reconciler.stop();
    },
  };
}
