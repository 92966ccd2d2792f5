import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { inSpan, tracingOn, type TraceCarrier } from "@switchyard/observability";
import { TASK_CATALOG, type PoolsConfig } from "@switchyard/shared";
import { ActiveTask } from "./active-task.js";
import { errorMessage } from "./error-message.js";
import { foreignJobReason } from "./foreign-jobs.js";
import type { HandlerRegistry, TaskContext, TaskLogger } from "./handler.js";
import { versionRetrying } from "./history-version.js";
import { rowFromJob } from "./history-rows.js";
import type { HistoryWriter } from "./history-writer.js";
import { jobTask, type JobData } from "./job-data.js";
import { JobTaskContext, type ContextServices } from "./job-task-context.js";
import { appendAttempt, applyPoolFailurePolicy } from "./pool-failure-policy.js";
import type { ActiveTasks } from "./task-aborts.js";
import {
  dependencyRetryAt,
  NonRetryableError,
  TaskCancelledError,
  TaskTimeoutError,
  WorkerShutdownError,
} from "./task-errors.js";

/** What BullMQ calls for each job (one function per process, shared by every pool's worker). */
export type JobProcessor = (job: Job<JobData>, token?: string) => Promise<unknown>;

export interface JobProcessorOptions {
  workerId: string;
  pools: PoolsConfig;
  handlers: HandlerRegistry;
  log: TaskLogger;
  /** Running tasks, for deadlines, cancel requests, shutdown and heartbeats. */
  active: ActiveTasks;
  /** Tasks stopped by a cancel request, so their failure is recorded as cancelled, not dead. */
  cancelled: Set<string>;
  history: HistoryWriter;
  /** Handed to each task's context. */
  services: ContextServices;
}

/**
 * The processor: payload validation, the handler run with an AbortSignal (ActiveTask), result
 * validation, and what a failed attempt becomes: handed back on shutdown, cancelled, deferred
 * while a dependency's breaker is open, or a failure for BullMQ to retry with the pool's policy
 * (pool-failure-policy.ts) or fail for good. Made once per process: the hot path makes no
 * closures of its own.
 */
export function createJobProcessor(options: JobProcessorOptions): JobProcessor {
  const { workerId, pools, handlers, log, active, cancelled, history, services } = options;
  return async (job: Job<JobData>, token?: string): Promise<unknown> => {
    // Hot path: plain checks of the envelope (the API built it); the payload gets its full schema.
    const t = jobTask(job);
    // Not one of ours (another BullMQ producer's job, e.g. added from Bull Board): dead at once, with the reason.
    if (!t || !(t.pool in pools)) throw new UnrecoverableError(foreignJobReason(job));
    const { type, pool } = t;
    const def = TASK_CATALOG[type];
    const payload = def.payload.safeParse(t.payload);
    const handler = handlers[type] as ((ctx: TaskContext<unknown>) => Promise<unknown>) | undefined;
    const poolTimeout = pools[pool].timeoutMs;
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
      const taskCtx = new JobTaskContext(job, task, taskId, type, payload.data, services);
      // A job enqueued inside a sampled span carries its trace (enqueue-jobs.ts): the handler
      // runs in a child span, so its logs, the tasks it submits and its calls join that trace.
      const carrier = job.data.trace;
      const running = carrier && tracingOn() ? tracedRun(handler, taskCtx, carrier, job, workerId) : handler(taskCtx);
      const result = await task.settle(running);
      const checked = def.result.safeParse(result);
      if (!checked.success) throw new NonRetryableError(`handler returned an invalid result: ${checked.error.message}`);
      return checked.data;
    } catch (caught) {
      applyPoolFailurePolicy(job, pools[pool]);
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
      await appendAttempt(job, err, workerId).catch((e: unknown) => log.warn("attempt log write failed", { err: errorMessage(e) }));
      if (err instanceof NonRetryableError) throw new UnrecoverableError(err.message);
      throw err;
    } finally {
      active.delete(taskId);
    }
  };
}

/** The handler inside a `task <type>` span, a child of the context the job carries. */
function tracedRun(
  handler: (ctx: TaskContext<unknown>) => Promise<unknown>,
  ctx: JobTaskContext,
  carrier: TraceCarrier,
  job: Job<JobData>,
  workerId: string,
): Promise<unknown> {
  return inSpan(
    `task ${job.name}`,
    {
      kind: "consumer",
      parent: carrier,
      attributes: {
        "switchyard.task.id": job.id ?? "",
        "switchyard.task.type": job.name,
        "switchyard.task.pool": job.queueName.replace(/^\{|\}$/g, ""),
        "switchyard.task.attempt": job.attemptsMade + 1,
        "switchyard.worker.id": workerId,
      },
    },
    () => handler(ctx),
  );
}
