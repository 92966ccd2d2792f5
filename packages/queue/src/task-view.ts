import type { Job } from "bullmq";
import type { TaskRow } from "@switchyard/db";
import {
  poolNameSchema,
  prioritySchema,
  progressSchema,
  taskStatusSchema,
  type Progress,
  type TaskStatus,
  type TaskView,
} from "@switchyard/shared";
import { jobTask } from "./job-data.js";

/** The failedReason of a job stopped by a cancel request (see task-control.ts). */
export const CANCELLED_REASON_PREFIX = "cancelled";

/** BullMQ's job states, as our task statuses. */
export function statusFromJobState(state: string, job?: Pick<Job, "attemptsMade" | "failedReason">): TaskStatus | null {
  switch (state) {
    case "completed":
      return "completed";
    case "failed":
      return job?.failedReason?.startsWith(CANCELLED_REASON_PREFIX) ? "cancelled" : "dead";
    case "active":
      return "active";
    case "delayed":
      // Only waits for a next attempt are delayed: backoff after a failure, or an open breaker.
      return "retrying";
    case "waiting":
    case "prioritized":
    case "waiting-children":
    case "paused":
      return "queued";
    default:
      return null;
  }
}

function iso(ms: number | null | undefined): string | null {
  return ms ? new Date(ms).toISOString() : null;
}

export function parseProgress(value: unknown): Progress | null {
  // BullMQ's default progress is the number 0: "nothing reported yet".
  if (typeof value === "number") return value > 0 ? { percent: Math.min(value, 100) } : null;
  const parsed = progressSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function viewFromJob(job: Job, state: string, includePayload: boolean): TaskView | null {
  const t = jobTask(job);
  const status = statusFromJobState(state, job);
  if (!t || !status) return null;
  return {
    id: t.id,
    type: t.type,
    pool: t.pool,
    priority: t.priority,
    status,
    progress: parseProgress(job.progress),
    ...(includePayload ? { payload: t.payload } : {}),
    result: status === "completed" ? (job.returnvalue ?? null) : null,
    error: job.failedReason ? job.failedReason : null,
    attempts: job.attemptsMade + (status === "active" ? 1 : 0),
    attemptHistory: t.attemptLog ?? [],
    createdAt: new Date(t.createdAt).toISOString(),
    startedAt: iso(job.processedOn),
    finishedAt: status === "completed" || status === "dead" || status === "cancelled" ? iso(job.finishedOn) : null,
    submittedBy: t.submittedBy ?? null,
  };
}

export function viewFromRow(row: TaskRow, includePayload: boolean): TaskView {
  return {
    id: row.id,
    type: row.type,
    pool: poolNameSchema.catch("batch").parse(row.pool),
    priority: prioritySchema.catch("normal").parse(row.priority),
    // Rows written before dead letters existed say "failed".
    status: row.status === "failed" ? "dead" : taskStatusSchema.catch("queued").parse(row.status),
    progress: parseProgress(row.progress),
    ...(includePayload ? { payload: row.payload } : {}),
    result: row.result ?? null,
    error: row.error,
    attempts: row.attempts,
    attemptHistory: row.attemptLog ?? [],
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt ? row.startedAt.toISOString() : null,
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
    submittedBy: row.submittedBy ?? null,
  };
}
