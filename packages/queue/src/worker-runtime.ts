import { hostname } from "node:os";
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Database } from "@switchyard/db";
import {
  retryDelayMs,
  TASK_CATALOG,
  type AttemptRecord,
  type PoolConfig,
  type PoolName,
  type PoolsConfig,
} from "@switchyard/shared";
import { startAging } from "./aging.js";
import { concurrencyKey, controlChannel, parseControl } from "./control-channel.js";
import { ActiveTask } from "./active-task.js";
import type { DependencyGuard, HandlerRegistry, TaskContext, TaskLogger } from "./handler.js";
import { versionActive, versionCancelled, versionFinished, versionRetrying } from "./history-version.js";
import { startHistoryReconciler } from "./history-reconciler.js";
import { rowFromJob } from "./history-rows.js";
import { HistoryWriter } from "./history-writer.js";
import { newTaskId } from "./ids.js";
import { jobTask, type JobData } from "./job-data.js";
import { JobTaskContext, type ContextServices } from "./job-task-context.js";
import { queueName } from "./keys.js";
import { closeRedis, createRedis } from "./redis-connection.js";
import { DEFAULT_RETENTION, type Retention } from "./retention.js";
import {
  dependencyRetryAt,
  NonRetryableError,
  TaskCancelledError,
  TaskTimeoutError,
  WorkerShutdownError,
} from "./task-errors.js";
import { ThroughputCounter } from "./throughput.js";
import { HEARTBEAT_INTERVAL_MS, removeWorker, writeHeartbeat } from "./worker-registry.js";

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
}

export interface WorkerRuntime {
  readonly id: string;
  readonly activeCount: number;
  /** Write a heartbeat now (e.g. when a breaker changes state). */
  heartbeat(): Promise<void>;
  close(): Promise<void>;
}

/** How often running tasks' deadlines are checked (one timer per process, not one per task). */
const DEADLINE_SWEEP_MS = 50;

/**
 * BullMQ decides retries from the job's options when it fails the job (after processJob
 * throws). Jobs are stored without them (task-service.ts jobFor), so they are set here from the
 * pool's configuration; an attempt limit the task asked for is kept. Failed jobs get no
 * removeOnFail: retention trims them after their history is checked (history-reconciler.ts).
 */
function applyPoolFailurePolicy(job: Job<JobData>, config: PoolConfig): void {
  if (!job.opts.attempts) job.opts.attempts = config.retries + 1;
  // "pool": the worker's backoffStrategy applies the pool's backoffMs with jitter.
  job.opts.backoff ??= { type: "pool" };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const directCalls: DependencyGuard = {
  execute: (_name, fn, signal) => fn(signal ?? new AbortController().signal),
  snapshot: () => [],
};

/**
 * One worker process: a BullMQ Worker per served pool, the handler registry, payload
 * validation, timeouts and cancellation via AbortSignal, retries with the pool's backoff,
 * dead letters, breaker-aware deferral, progress, batched history, heartbeats, live
 * concurrency changes and priority aging.
 */
export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const id = options.workerId ?? `${hostname()}-${process.pid}-${newTaskId().slice(-6)}`;
  const log = options.logger;
  const retention = options.retention ?? DEFAULT_RETENTION;
  const breakers = options.breakers ?? directCalls;
  const redis: Redis = createRedis(options.redisUrl, `switchyard:worker:${id}`);
  redis.on("error", (err) => log.warn("redis error", { err: errorMessage(err) }));
  const history = new HistoryWriter(options.db.tasks, {
    onError: (err, rows) => log.error("history write failed; will retry", { rows, err: errorMessage(err) }),
  });
  const throughput = new ThroughputCounter(redis, options.prefix);
  throughput.start();
  const active = new Map<string, ActiveTask>();
  /** Tasks stopped by a cancel request, so their failure is recorded as cancelled, not dead. */
  const cancelled = new Set<string>();
  const workers = new Map<PoolName, Worker<JobData>>();
  const deadlineTimer = setInterval(() => {
    const now = Date.now();
    for (const task of active.values()) {
      if (!task.aborted && now >= task.deadline) task.abort(new TaskTimeoutError(task.timeoutMs));
    }
  }, DEADLINE_SWEEP_MS);
  deadlineTimer.unref();
  const startedAt = Date.now();
  let closing = false;
  const services: ContextServices = { log, breakers, redis, prefix: options.prefix };

  const appendAttempt = async (job: Job<JobData>, err: unknown): Promise<void> => {
    const record: AttemptRecord = {
      attempt: job.attemptsMade + 1,
      run: job.data.run ?? 0,
      error: errorMessage(err).slice(0, 2_000),
      workerId: id,
      startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
      finishedAt: new Date().toISOString(),
    };
    // Keep the newest 50: a task redriven many times must not grow without bound.
    const log50 = [...(job.data.attemptLog ?? []), record].slice(-50);
    await job.updateData({ ...job.data, attemptLog: log50 });
  };

  const processJob = async (job: Job<JobData>, token?: string): Promise<unknown> => {
    // Hot path: plain checks of the envelope (the API built it); the payload gets its full schema.
    const t = jobTask(job);
    if (!t || !(t.pool in options.pools)) throw new UnrecoverableError(`malformed job data for task ${job.id}`);
    const { type, pool } = t;
    const def = TASK_CATALOG[type];
    const payload = def.payload.safeParse(t.payload);
    const handler = options.handlers[type] as ((ctx: TaskContext<unknown>) => Promise<unknown>) | undefined;
    const poolTimeout = options.pools[pool].timeoutMs;
    const timeoutMs = t.timeoutMs !== undefined ? Math.min(poolTimeout, t.timeoutMs) : poolTimeout;
    const taskId = job.id ?? "";
    const task = new ActiveTask(pool, Date.now() + timeoutMs, timeoutMs);
    active.set(taskId, task);
    try {
      if (!payload.success) {
        // Validated again here: a producer that bypassed the API must not reach a handler.
        const first = payload.error.issues[0];
        throw new NonRetryableError(`payload.${first?.path.join(".") ?? ""}: ${first?.message ?? "invalid"}`);
      }
      if (!handler) throw new NonRetryableError(`no handler for task type ${type} in this worker`);
      const result = await task.settle(handler(new JobTaskContext(job, task, taskId, type, payload.data, services)));
      const checked = def.result.safeParse(result);
      if (!checked.success) throw new NonRetryableError(`handler returned an invalid result: ${checked.error.message}`);
      return checked.data;
    } catch (caught) {
      applyPoolFailurePolicy(job, options.pools[pool]);
      const reason: unknown = task.aborted ? task.reason : undefined;
      if (reason instanceof WorkerShutdownError && token) {
        // Hand the task back without spending an attempt; another worker takes it.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError(reason.message);
      }
      if (reason instanceof TaskCancelledError) {
        cancelled.add(taskId);
        throw new UnrecoverableError(reason.message);
      }
      const retryAt = dependencyRetryAt(caught);
      if (retryAt !== null && token) {
        // The dependency's breaker is open: wait for it to half-open, keep the attempt.
        history.record(
          rowFromJob(job, {
            status: "retrying",
            version: versionRetrying(job.attemptsStarted, job.data.run),
            error: errorMessage(caught),
          }),
        );
        await job.moveToDelayed(Math.max(retryAt, Date.now() + 50), token);
        throw new DelayedError(errorMessage(caught));
      }
      const err = reason instanceof TaskTimeoutError ? reason : caught;
      await appendAttempt(job, err).catch((e: unknown) => log.warn("attempt log write failed", { err: errorMessage(e) }));
      if (err instanceof NonRetryableError) throw new UnrecoverableError(err.message);
      throw err;
    } finally {
      active.delete(taskId);
    }
  };

  const overrides = options.concurrency ? {} : await redis.hgetall(concurrencyKey(options.prefix));
  const concurrencyOf = (pool: PoolName): number =>
    options.concurrency ?? (Number(overrides[pool]) || options.pools[pool].concurrency);

  for (const pool of options.poolNames) {
    const config = options.pools[pool];
    const worker = new Worker<JobData>(queueName(pool), processJob, {
      // Each command is written as it is issued. Corking the socket for an event-loop turn saved
      // worker CPU but cost 10-27% of the queue benchmark's throughput (7 of 7 interleaved rounds):
      // the worker and Redis fell into lockstep, each waiting for the other's whole batch.
      connection: createRedis(options.redisUrl, `switchyard:worker:${id}:${pool}`),
      prefix: options.prefix,
      // Stored on each job as processedBy: which worker ran it.
      name: id,
      concurrency: concurrencyOf(pool),
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: Math.max(Math.floor((options.lockDurationMs ?? 30_000) / 2), 1_000),
      maxStalledCount: 2,
      autorun: false,
      settings: { backoffStrategy: (attemptsMade: number) => retryDelayMs(config, attemptsMade) },
    });
    worker.on("active", (job) => {
      if (!job.id) return; // not a task: rowFromJob would record nothing
      const startedAt = new Date();
      const version = versionActive(job.attemptsStarted, job.data.run);
      const attempts = job.attemptsMade + 1;
      // Built only if the task is still running when the next batch is written.
      history.recordDeferred(job.id, () => rowFromJob(job, { status: "active", version, attempts, startedAt }));
    });
    worker.on("completed", (job, result) => {
      history.record(
        rowFromJob(job, {
          status: "completed",
          version: versionFinished(job.attemptsStarted, job.data.run),
          result: result ?? null,
          finishedAt: new Date(job.finishedOn ?? Date.now()),
        }),
      );
      throughput.inc(pool);
    });
    worker.on("failed", (job, err) => {
      if (!job?.id) return;
      const run = job.data.run ?? 0;
      if (cancelled.delete(job.id)) {
        history.record(
          rowFromJob(job, {
            status: "cancelled",
            version: versionCancelled(run),
            error: errorMessage(err),
            finishedAt: new Date(job.finishedOn ?? Date.now()),
          }),
        );
        return;
      }
      // finishedOn is set only when BullMQ moved the job to failed for good.
      const final = job.finishedOn !== undefined;
      history.record(
        final
          ? rowFromJob(job, {
              status: "dead",
              version: versionFinished(job.attemptsStarted, run),
              error: errorMessage(err),
              finishedAt: new Date(job.finishedOn ?? Date.now()),
            })
          : rowFromJob(job, {
              status: "retrying",
              version: versionRetrying(job.attemptsStarted, run),
              error: errorMessage(err),
            }),
      );
    });
    worker.on("error", (err) => log.warn("worker error", { pool, err: errorMessage(err) }));
    workers.set(pool, worker);
  }

  // Cancel requests and live concurrency changes arrive on one pub/sub channel.
  const subscriber = createRedis(options.redisUrl, `switchyard:worker:${id}:control`);
  subscriber.on("error", (err) => log.warn("control channel error", { err: errorMessage(err) }));
  subscriber.on("message", (_channel: string, raw: string) => {
    const msg = parseControl(raw);
    if (!msg) return;
    if (msg.kind === "cancel") {
      active.get(msg.id)?.abort(new TaskCancelledError(msg.reason));
    } else if (!options.concurrency) {
      const worker = workers.get(msg.pool);
      if (worker) {
        worker.concurrency = msg.value;
        log.info("concurrency changed", { pool: msg.pool, concurrency: msg.value });
        void heartbeat();
      }
    }
  });
  await subscriber.subscribe(controlChannel(options.prefix));

  const queues = new Map(
    options.poolNames.map((pool) => [
      pool,
      new Queue(queueName(pool), { connection: redis, prefix: options.prefix, skipMetasUpdate: true }),
    ]),
  );

  const aging = startAging({
    redis,
    prefix: options.prefix,
    ownerId: id,
    intervalMs: options.agingIntervalMs ?? 1_000,
    pools: Object.fromEntries([...queues].map(([pool, queue]) => [pool, { queue, config: options.pools[pool] }])),
    onError: (err) => log.warn("aging failed", { err: errorMessage(err) }),
  });

  // History check of finished jobs, then retention: at most retention.count finished jobs per
  // pool in Redis, none older than retention.age (the history is in the database).
  const reconciler = startHistoryReconciler({
    redis,
    prefix: options.prefix,
    queues,
    repo: options.db.tasks,
    retention,
    ownerId: id,
    ...(options.reconcile?.intervalMs ? { intervalMs: options.reconcile.intervalMs } : {}),
    ...(options.reconcile?.lagMs !== undefined ? { lagMs: options.reconcile.lagMs } : {}),
    onRepaired: (pool, repaired) => log.warn("repaired history rows lost by a crashed worker", { pool, repaired }),
    onError: (err) => log.warn("history reconcile failed", { err: errorMessage(err) }),
  });

  const heartbeat = async (): Promise<void> => {
    const mem = process.memoryUsage();
    await writeHeartbeat(redis, options.prefix, {
      id,
      host: hostname(),
      pid: process.pid,
      version: options.version ?? "0.1.0",
      pools: [...options.poolNames],
      concurrency: Object.fromEntries([...workers].map(([p, w]) => [p, w.concurrency])),
      active: active.size,
      activeTasks: [...active.keys()].slice(0, 100),
      memory: { rss: mem.rss, heapUsed: mem.heapUsed },
      startedAt,
      lastSeen: Date.now(),
      breakers: breakers.snapshot(),
    }).catch((err) => log.warn("heartbeat failed", { err: errorMessage(err) }));
  };
  await heartbeat();
  const heartbeatTimer = setInterval(() => void heartbeat(), HEARTBEAT_INTERVAL_MS);
  heartbeatTimer.unref();

  for (const w of workers.values()) {
    w.run().catch((err) => log.error("worker stopped", { err: errorMessage(err) }));
  }
  await Promise.all([...workers.values()].map((w) => w.waitUntilReady()));
  log.info("worker ready", { id, pools: options.poolNames });

  return {
    id,
    get activeCount() {
      return active.size;
    },
    heartbeat,
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(heartbeatTimer);
      aging.stop();
      reconciler.stop();
      const grace = options.shutdownGraceMs ?? 25_000;
      // Stop taking work, let active tasks finish within the grace period…
      const closeAll = (force: boolean): Promise<boolean> =>
        Promise.all([...workers.values()].map((w) => w.close(force))).then(() => true);
      const within = (p: Promise<boolean>, ms: number): Promise<boolean> =>
        Promise.race([p, new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]).catch(() => false);
      const graceful = closeAll(false);
      if (!(await within(graceful, grace))) {
        // …then hand the rest back to the queue (no attempt spent) so another worker runs them.
        log.warn("grace period over; handing back active tasks", { active: active.size });
        for (const task of active.values()) task.abort(new WorkerShutdownError());
        if (!(await within(graceful, 5_000))) {
          // A handler that ignores its signal: its lock lapses and the stalled check re-runs it.
          await closeAll(true).catch(() => undefined);
        }
      }
      // Deadlines keep applying during the grace period; stop checking once nothing runs.
      clearInterval(deadlineTimer);
      const steps: Array<() => Promise<unknown>> = [
        () => history.close(),
        () => throughput.stop(),
        () => subscriber.unsubscribe().then(() => closeRedis(subscriber)),
        ...[...queues.values()].map((q) => () => q.close()),
        () => removeWorker(redis, options.prefix, id),
        () => closeRedis(redis),
      ];
      for (const step of steps) {
        try {
          await step();
        } catch (err) {
          log.warn("shutdown step failed", { err: errorMessage(err) });
        }
      }
    },
  };
}
