import { Worker } from "bullmq";
import type { TaskMetrics } from "@switchyard/observability";
import type { PoolConfig, PoolName } from "@switchyard/shared";
import { errorMessage } from "./error-message.js";
import { typeLabel } from "./foreign-jobs.js";
import type { TaskLogger } from "./handler.js";
import { versionActive, versionCancelled, versionFinished, versionRetrying } from "./history-version.js";
import { rowFromJob } from "./history-rows.js";
import type { HistoryWriter } from "./history-writer.js";
import type { JobData } from "./job-data.js";
import type { JobProcessor } from "./job-processor.js";
import { queueName } from "./keys.js";
import { poolBackoffSettings } from "./pool-failure-policy.js";
import { createRedis } from "./redis-connection.js";
import type { ThroughputCounter } from "./throughput.js";

export interface PoolWorkerOptions {
  redisUrl: string;
  prefix: string;
  workerId: string;
  config: PoolConfig;
  concurrency: number;
  lockDurationMs: number | undefined;
  processJob: JobProcessor;
  history: HistoryWriter;
  throughput: ThroughputCounter;
  /** Tasks the processor stopped for a cancel request (job-processor.ts): recorded as cancelled. */
  cancelled: Set<string>;
  log: TaskLogger;
  /** Prometheus task metrics (WORKER_METRICS_PORT); nothing is observed without them. */
  metrics?: TaskMetrics | undefined;
}

/** How long the current attempt has run: from BullMQ's processedOn to its finish (or now). */
function runMs(job: { processedOn?: number | undefined; finishedOn?: number | undefined }): number {
  return job.processedOn === undefined ? 0 : (job.finishedOn ?? Date.now()) - job.processedOn;
}

/**
 * One pool's BullMQ Worker on its own connection (not yet running: autorun off), with its
 * local events recorded as history rows (active, completed, retrying, dead, cancelled) and
 * completions counted for throughput.
 */
export function createPoolWorker(pool: PoolName, options: PoolWorkerOptions): Worker<JobData> {
  const { workerId: id, history, throughput, cancelled, log, metrics } = options;
  const worker = new Worker<JobData>(queueName(pool), options.processJob, {
    // Each command is written as it is issued. Corking the socket for an event-loop turn saved
    // worker CPU but cost 10-27% of the queue benchmark's throughput (7 of 7 interleaved rounds):
    // the worker and Redis fell into lockstep, each waiting for the other's whole batch.
    connection: createRedis(options.redisUrl, `switchyard:worker:${id}:${pool}`),
    prefix: options.prefix,
    // Stored on each job as processedBy: which worker ran it.
    name: id,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: Math.max(Math.floor((options.lockDurationMs ?? 30_000) / 2), 1_000),
    maxStalledCount: 2,
    autorun: false,
    settings: poolBackoffSettings(options.config),
  });
  // Tasks this worker is running: when the last one ends, history is written at once (see idle()).
  // A task whose end is never reported (its lock lost to a stall) keeps this above zero; history
  // then waits for the flush interval as before, nothing is lost.
  let running = 0;
  const ended = (): void => {
    running = Math.max(0, running - 1);
    if (running === 0) history.idle();
  };
  worker.on("active", (job) => {
    running++;
    if (!job.id) return; // not a task: rowFromJob would record nothing
    const startedAt = new Date();
    const version = versionActive(job.attemptsStarted, job.data.run);
    const attempts = job.attemptsMade + 1;
    // Built only if the task is still running when the next batch is written.
    history.recordDeferred(job.id, () => rowFromJob(job, { status: "active", version, attempts, startedAt }));
    // Wait is measured once per run: queued (or due, when delayed) to its first attempt.
    if (metrics && job.attemptsStarted <= 1) metrics.started(pool, typeLabel(job.name), startedAt.getTime() - job.timestamp - (job.delay || 0));
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
    metrics?.completed(pool, typeLabel(job.name), runMs(job));
    ended();
  });
  worker.on("failed", (job, err) => {
    if (!job) return;
    // After the row below is recorded: ended() may write it at once.
    queueMicrotask(ended);
    if (!job.id) return;
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
    throughput.count(pool, "failed");
    throughput.count(pool, final ? "dead" : "retried");
    metrics?.failed(pool, typeLabel(job.name), runMs(job), final);
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
  return worker;
}

/** Starts the pool workers fetching and resolves once each one's connection is ready. */
export async function runPoolWorkers(workers: Iterable<Worker<JobData>>, log: TaskLogger): Promise<void> {
  const all = [...workers];
  for (const w of all) {
    w.run().catch((err) => log.error("worker stopped", { err: errorMessage(err) }));
  }
  await Promise.all(all.map((w) => w.waitUntilReady()));
}
