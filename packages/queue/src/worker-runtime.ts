import { hostname } from "node:os";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Database } from "@switchyard/db";
import type { TaskMetrics } from "@switchyard/observability";
import { breakerSnapshotSchema, type PoolName, type PoolsConfig } from "@switchyard/shared";
import { closeControl, subscribeControl } from "./control-subscriber.js";
import { errorMessage } from "./error-message.js";
import type { DependencyGuard, HandlerRegistry, TaskLogger } from "./handler.js";
import { HistoryWriter } from "./history-writer.js";
import { newTaskId } from "./ids.js";
import type { JobData } from "./job-data.js";
import { createJobProcessor } from "./job-processor.js";
import { applyConcurrencyChange, readPoolConcurrency } from "./live-concurrency.js";
import { createPoolWorker, runPoolWorkers } from "./pool-worker.js";
import { closeRedis, createRedis } from "./redis-connection.js";
import { startEventsMaxLenGuard } from "./events-max-len.js";
import { DEFAULT_RETENTION, EVENTS_MAX_LEN, type Retention } from "./retention.js";
import { cancelActiveTask, startDeadlineSweep, type ActiveTasks } from "./task-aborts.js";
import { ThroughputCounter } from "./throughput.js";
import { createHeartbeats } from "./worker-heartbeats.js";
import { startLeasedLoops } from "./worker-leased-loops.js";
import { removeWorker } from "./worker-registry.js";
import { runShutdownSteps, stopPoolWorkers } from "./worker-shutdown.js";

export interface WorkerRuntimeOptions {
  redisUrl: string;
  prefix: string;
  pools: PoolsConfig;
  /** Pools this process serves (WORKER_POOLS); all when omitted. */
  poolNames: readonly PoolName[];
  handlers: HandlerRegistry;
  db: Database;
  logger: TaskLogger;
  workerId?: string;
  version?: string;
  /** Override every served pool's concurrency (benchmarks). */
  concurrency?: number;
  /** How long shutdown waits for active tasks before handing them back. */
  shutdownGraceMs?: number;
  /** Stalled-job check: a task whose worker died runs again after about this long. */
  lockDurationMs?: number;
  /** Circuit breakers around external dependencies; without one, calls go straight through. */
  breakers?: DependencyGuard;
  /** How often priority aging runs (it runs in one worker process at a time). */
  agingIntervalMs?: number;
  /**
   * The history check of finished jobs and the retention trim after it (history-reconciler.ts):
   * how often, and how long after finishing a job is checked.
   */
  reconcile?: { intervalMs?: number; lagMs?: number };
  /** How many finished jobs, and for how long, Redis keeps per pool (retention.ts). */
  retention?: Retention;
  /**
   * How often the served pools' event-stream cap is put back if another BullMQ client (Bull
   * Board's default queue options) lowered it (events-max-len.ts); default 10 s, and at start.
   */
  eventsMaxLenCheckMs?: number;
  /**
   * Prometheus task metrics observed from the pools' local events (wait and run time,
   * outcomes); running tasks and breaker states are read from the runtime on each scrape.
   */
  metrics?: TaskMetrics;
}

export interface WorkerRuntime {
  readonly id: string;
  readonly activeCount: number;
  /** Write a heartbeat now (e.g. when a breaker changes state). */
  heartbeat(): Promise<void>;
  close(): Promise<void>;
}

const directCalls: DependencyGuard = {
  execute: (_name, fn, signal) => fn(signal ?? new AbortController().signal),
  snapshot: () => [],
};

/**
 * One worker process: a BullMQ Worker per served pool (pool-worker.ts) running the job
 * processor (job-processor.ts: payload validation, the handler with an AbortSignal, breaker-aware
 * deferral, retries with the pool's backoff and dead letters via pool-failure-policy.ts),
 * timeouts and cancellation (task-aborts.ts, control-subscriber.ts), live concurrency changes
 * (live-concurrency.ts), batched history, throughput, heartbeats (worker-heartbeats.ts),
 * leased aging and history checks (worker-leased-loops.ts) and an ordered shutdown
 * (worker-shutdown.ts).
 */
export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const id = options.workerId ?? `${hostname()}-${process.pid}-${newTaskId().slice(-6)}`;
  const { prefix, logger: log } = options;
  const breakers = options.breakers ?? directCalls;
  const redis: Redis = createRedis(options.redisUrl, `switchyard:worker:${id}`);
  redis.on("error", (err) => log.warn("redis error", { err: errorMessage(err) }));
  const history = new HistoryWriter(options.db.tasks, {
    onError: (err, rows) => log.error("history write failed; will retry", { rows, err: errorMessage(err) }),
  });
  const throughput = new ThroughputCounter(redis, prefix);
  throughput.start();
  const active: ActiveTasks = new Map();
  /** Tasks stopped by a cancel request, so their failure is recorded as cancelled, not dead. */
  const cancelled = new Set<string>();
  const workers = new Map<PoolName, Worker<JobData>>();
  const deadlines = startDeadlineSweep(active);
  const startedAt = Date.now();
  let closing = false;

  const processJob = createJobProcessor({
    workerId: id,
    pools: options.pools,
    handlers: options.handlers,
    log,
    active,
    cancelled,
    history,
    services: { log, breakers, redis, prefix },
  });
  const concurrencyOf = await readPoolConcurrency(redis, prefix, options.pools, options.concurrency);
  for (const pool of options.poolNames) {
    workers.set(
      pool,
      createPoolWorker(pool, {
        redisUrl: options.redisUrl,
        prefix,
        workerId: id,
        config: options.pools[pool],
        concurrency: concurrencyOf(pool),
        lockDurationMs: options.lockDurationMs,
        processJob,
        history,
        throughput,
        cancelled,
        log,
        metrics: options.metrics,
      }),
    );
  }
  options.metrics?.bind({
    activeByPool: () => {
      const byPool = new Map<string, number>();
      for (const task of active.values()) byPool.set(task.pool, (byPool.get(task.pool) ?? 0) + 1);
      return byPool;
    },
    breakers: () =>
      breakers.snapshot().flatMap((b) => {
        const parsed = breakerSnapshotSchema.safeParse(b);
        return parsed.success ? [parsed.data] : [];
      }),
  });

  const heartbeats = createHeartbeats({
    redis,
    prefix,
    id,
    version: options.version,
    poolNames: options.poolNames,
    workers,
    active,
    breakers,
    startedAt,
    log,
  });
  const subscriber = await subscribeControl(
    { redisUrl: options.redisUrl, prefix, workerId: id, log },
    {
      cancel: (taskId, reason) => cancelActiveTask(active, taskId, reason),
      // A fixed concurrency (options.concurrency) ignores live changes.
      concurrency: options.concurrency
        ? undefined
        : (pool, value) => {
            if (applyConcurrencyChange(workers, pool, value, log)) void heartbeats.beat();
          },
    },
  );
  const loops = startLeasedLoops({
    redis,
    prefix,
    ownerId: id,
    poolNames: options.poolNames,
    pools: options.pools,
    repo: options.db.tasks,
    retention: options.retention ?? DEFAULT_RETENTION,
    agingIntervalMs: options.agingIntervalMs,
    reconcile: options.reconcile,
    log,
  });
  const maxLenGuard = startEventsMaxLenGuard({
    redis,
    prefix,
    pools: options.poolNames,
    maxLen: EVENTS_MAX_LEN,
    intervalMs: options.eventsMaxLenCheckMs ?? 10_000,
    onCorrected: (pools) => log.warn("restored the event stream length another BullMQ client had changed", { pools, maxLen: EVENTS_MAX_LEN }),
    onError: (err) => log.warn("event stream length check failed", { err: errorMessage(err) }),
  });
  await heartbeats.start();

  await runPoolWorkers(workers.values(), log);
  log.info("worker ready", { id, pools: options.poolNames });

  return {
    id,
    get activeCount() {
      return active.size;
    },
    heartbeat: heartbeats.beat,
    async close() {
      if (closing) return;
      closing = true;
      heartbeats.stop();
      loops.stop();
      maxLenGuard.stop();
      await stopPoolWorkers(workers, active, options.shutdownGraceMs ?? 25_000, log);
      // Deadlines keep applying during the grace period; stop checking once nothing runs.
      deadlines.stop();
      await runShutdownSteps(
        [
          () => history.close(),
          () => throughput.stop(),
          () => closeControl(subscriber),
          ...[...loops.queues.values()].map((q) => () => q.close()),
          () => removeWorker(redis, prefix, id),
          () => closeRedis(redis),
        ],
        log,
      );
    },
  };
}
