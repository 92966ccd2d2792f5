import type { Job } from "bullmq";
import { retryDelayMs, type AttemptRecord, type PoolConfig } from "@switchyard/shared";
import { errorMessage } from "./error-message.js";
import type { JobData } from "./job-data.js";

/**
 * BullMQ decides retries from the job's options when it fails the job (after processJob
 * throws). Jobs are stored without them (task-service.ts jobFor), so they are set here from the
 * pool's configuration; an attempt limit the task asked for is kept. Failed jobs get no
 * removeOnFail: retention trims them after their history is checked (history-reconciler.ts).
 */
export function applyPoolFailurePolicy(job: Job<JobData>, config: PoolConfig): void {
  if (!job.opts.attempts) job.opts.attempts = config.retries + 1;
  // "pool": the worker's backoffStrategy applies the pool's backoffMs with jitter.
  job.opts.backoff ??= { type: "pool" };
}

/**
 * The BullMQ worker settings behind backoff type "pool": the pool's backoffMs list with its
 * jitter (pools.ts retryDelayMs). One per pool worker, made when the worker is created.
 */
export function poolBackoffSettings(config: PoolConfig): { backoffStrategy: (attemptsMade: number) => number } {
  return { backoffStrategy: (attemptsMade: number) => retryDelayMs(config, attemptsMade) };
}

/**
 * Appends a failed attempt to the job's attemptLog (the history row carries it), before the
 * failure is handed to BullMQ.
 */
export async function appendAttempt(job: Job<JobData>, err: unknown, workerId: string): Promise<void> {
  const record: AttemptRecord = {
    attempt: job.attemptsMade + 1,
    run: job.data.run ?? 0,
    error: errorMessage(err).slice(0, 2_000),
    workerId,
    startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
    finishedAt: new Date().toISOString(),
  };
  // Keep the newest 50: a task redriven many times must not grow without bound.
  const log50 = [...(job.data.attemptLog ?? []), record].slice(-50);
  await job.updateData({ ...job.data, attemptLog: log50 });
}
