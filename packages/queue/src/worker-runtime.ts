import { hostname } from "node:os";
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Database, TaskRow } from "@switchyard/db";
import { isTaskType, TASK_CATALOG, type PoolName, type PoolsConfig, type TaskType } from "@switchyard/shared";
import type { HandlerRegistry, TaskContext, TaskLogger } from "./handler.js";
import { versionActive, versionFinished, versionRetrying } from "./history-version.js";
import { HistoryWriter } from "./history-writer.js";
import { newTaskId } from "./ids.js";
import { jobDataSchema, type JobData } from "./job-data.js";
import { queueName } from "./keys.js";
import { closeRedis, createRedis } from "./redis-connection.js";
import { DEFAULT_RETENTION, TRIM_INTERVAL_MS } from "./retention.js";
import { NonRetryableError, TaskTimeoutError } from "./task-errors.js";
import { parseProgress } from "./task-view.js";
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
}

export interface WorkerRuntime {
  readonly id: string;
  readonly activeCount: number;
  close(): Promise<void>;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * One worker process: a BullMQ Worker per served pool, the handler registry, payload
 * validation, timeouts via AbortSignal, progress, batched history, heartbeats.
 */
export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const id = options.workerId ?? `${hostname()}-${process.pid}-${newTaskId().slice(-6)}`;
  const log = options.logger;
  const redis: Redis = createRedis(options.redisUrl, `switchyard:worker:${id}`);
  redis.on("error", (err) => log.warn("redis error", { err: errorMessage(err) }));
  const history = new HistoryWriter(options.db.tasks, {
    onError: (err, rows) => log.error("history write failed; will retry", { rows, err: errorMessage(err) }),
  });
  const throughput = new ThroughputCounter(redis, options.prefix);
  throughput.start();
  const active = new Map<string, AbortController>();
  const workers: Worker[] = [];
  const startedAt = Date.now();
  let closing = false;

  const rowFor = (job: Job<JobData>, patch: Partial<TaskRow> & Pick<TaskRow, "status" | "version">): TaskRow => {
    const d = job.data;
    return {
      id: job.id ?? "",
      type: d.type,
      pool: d.pool,
      priority: d.priority,
      payload: d.payload,
      result: null,
      error: null,
      progress: parseProgress(job.progress),
      attempts: job.attemptsStarted ?? job.attemptsMade,
      createdAt: new Date(d.createdAt),
      startedAt: job.processedOn ? new Date(job.processedOn) : null,
      finishedAt: null,
      updatedAt: new Date(),
      ...patch,
    };
  };

  const processJob = async (job: Job<JobData>, _token?: string, bullSignal?: AbortSignal): Promise<unknown> => {
    const data = jobDataSchema.safeParse(job.data);
    if (!data.success || !isTaskType(data.data.type)) {
      throw new UnrecoverableError(`malformed job data for task ${job.id}`);
    }
    const type: TaskType = data.data.type;
    const def = TASK_CATALOG[type];
    const payload = def.payload.safeParse(data.data.payload);
    if (!payload.success) {
      // Validated again here: a producer that bypassed the API must not reach a handler.
      const first = payload.error.issues[0];
      throw new UnrecoverableError(`payload.${first?.path.join(".") ?? ""}: ${first?.message ?? "invalid"}`);
    }
    const handler = options.handlers[type] as
      | ((ctx: TaskContext<unknown>) => Promise<unknown>)
      | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for task type ${type} in this worker`);

    const pool = data.data.pool;
    const timeoutMs = options.pools[pool].timeoutMs;
    const controller = new AbortController();
    const onBullAbort = (): void => controller.abort(bullSignal?.reason);
    bullSignal?.addEventListener("abort", onBullAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new TaskTimeoutError(timeoutMs)), timeoutMs);
    active.set(job.id ?? "", controller);
    try {
      const aborted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener("abort", () => reject(controller.signal.reason ?? new Error("aborted")), {
          once: true,
        });
      });
      aborted.catch(() => undefined);
      const result = await Promise.race([
        handler({
          taskId: job.id ?? "",
          type,
          pool,
          attempt: job.attemptsStarted ?? job.attemptsMade + 1,
          payload: payload.data,
          signal: controller.signal,
          progress: (p) => job.updateProgress(p),
          log,
        }),
        aborted,
      ]);
      const checked = def.result.safeParse(result);
      if (!checked.success) throw new UnrecoverableError(`handler returned an invalid result: ${checked.error.message}`);
      return checked.data;
    } catch (err) {
      if (err instanceof NonRetryableError) throw new UnrecoverableError(err.message);
      throw err;
    } finally {
      clearTimeout(timer);
      bullSignal?.removeEventListener("abort", onBullAbort);
      active.delete(job.id ?? "");
    }
  };

  for (const pool of options.poolNames) {
    const config = options.pools[pool];
    const worker = new Worker<JobData>(queueName(pool), processJob, {
      connection: createRedis(options.redisUrl, `switchyard:worker:${id}:${pool}`),
      prefix: options.prefix,
      // Stored on each job as processedBy: which worker ran it.
      name: id,
      concurrency: options.concurrency ?? config.concurrency,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: Math.max(Math.floor((options.lockDurationMs ?? 30_000) / 2), 1_000),
      maxStalledCount: 2,
      autorun: false,
    });
    worker.on("active", (job) => {
      const attempt = job.attemptsStarted ?? job.attemptsMade + 1;
      history.record(rowFor(job, { status: "active", version: versionActive(attempt), startedAt: new Date() }));
    });
    worker.on("completed", (job, result) => {
      const attempt = job.attemptsStarted ?? job.attemptsMade;
      history.record(
        rowFor(job, {
          status: "completed",
          version: versionFinished(attempt),
          result: result ?? null,
          finishedAt: new Date(job.finishedOn ?? Date.now()),
        }),
      );
      throughput.inc(pool);
    });
    worker.on("failed", (job, err) => {
      if (!job) return;
      const attempt = job.attemptsStarted ?? job.attemptsMade;
      const maxAttempts = job.opts.attempts ?? 1;
      const final = err instanceof UnrecoverableError || job.attemptsMade >= maxAttempts || job.finishedOn !== undefined;
      history.record(
        final
          ? rowFor(job, {
              status: "failed",
              version: versionFinished(attempt),
              error: errorMessage(err),
              finishedAt: new Date(job.finishedOn ?? Date.now()),
            })
          : rowFor(job, { status: "queued", version: versionRetrying(attempt), error: errorMessage(err) }),
      );
    });
    worker.on("error", (err) => log.warn("worker error", { pool, err: errorMessage(err) }));
    workers.push(worker);
  }

  // Keep at most retention.count completed jobs per pool in Redis (history is in the database).
  const trimQueues = options.poolNames.map((pool) => new Queue(queueName(pool), { connection: redis, prefix: options.prefix, skipMetasUpdate: true }));
  const trim = async (): Promise<void> => {
    for (const q of trimQueues) {
      const excess = (await q.getCompletedCount()) - DEFAULT_RETENTION.completed.count;
      if (excess > 0) await q.clean(0, excess, "completed");
    }
  };
  const trimTimer = setInterval(() => {
    trim().catch((err: unknown) => log.warn("trim failed", { err: errorMessage(err) }));
  }, TRIM_INTERVAL_MS);
  trimTimer.unref();

  const heartbeat = async (): Promise<void> => {
    const mem = process.memoryUsage();
    await writeHeartbeat(redis, options.prefix, {
      id,
      host: hostname(),
      pid: process.pid,
      version: options.version ?? "0.1.0",
      pools: [...options.poolNames],
      concurrency: Object.fromEntries(
        options.poolNames.map((p) => [p, options.concurrency ?? options.pools[p].concurrency]),
      ),
      active: active.size,
      activeTasks: [...active.keys()].slice(0, 100),
      memory: { rss: mem.rss, heapUsed: mem.heapUsed },
      startedAt,
      lastSeen: Date.now(),
    }).catch((err) => log.warn("heartbeat failed", { err: errorMessage(err) }));
  };
  await heartbeat();
  const heartbeatTimer = setInterval(() => void heartbeat(), HEARTBEAT_INTERVAL_MS);
  heartbeatTimer.unref();

  for (const w of workers) {
    w.run().catch((err) => log.error("worker stopped", { err: errorMessage(err) }));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log.info("worker ready", { id, pools: options.poolNames });

  return {
    id,
    get activeCount() {
      return active.size;
    },
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(heartbeatTimer);
      clearInterval(trimTimer);
      const grace = options.shutdownGraceMs ?? 25_000;
      // Stop taking work, let active tasks finish within the grace period…
      const graceful = Promise.all(workers.map((w) => w.close())).then(() => true);
      const timedOut = new Promise<boolean>((r) => setTimeout(() => r(false), grace).unref());
      const finished = await Promise.race([graceful, timedOut]).catch(() => false);
      if (!finished) {
        // …then abort the rest and hand them back: their locks lapse and another worker re-runs them.
        log.warn("grace period over; handing back active tasks", { active: active.size });
        for (const c of active.values()) c.abort(new Error("worker shutting down"));
        await Promise.all(workers.map((w) => w.close(true).catch(() => undefined)));
      }
      const steps: Array<() => Promise<unknown>> = [
        () => history.close(),
        () => throughput.stop(),
        ...trimQueues.map((q) => () => q.close()),
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
