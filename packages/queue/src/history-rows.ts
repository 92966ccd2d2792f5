import type { Job } from "bullmq";
import type { TaskRow } from "@switchyard/db";
import { foreignJobTask } from "./foreign-jobs.js";
import { jobTask, type JobData } from "./job-data.js";
import { parseProgress } from "./task-view.js";

/**
 * A history row from a live job, with the fields that changed in `patch`. A job another producer
 * added to a pool's queue (foreign-jobs.ts) gets one too, under the name it was given, so it shows
 * in the dead letters; null only for a job outside the pools' queues.
 */
export function rowFromJob(
  job: Job<JobData>,
  patch: Partial<TaskRow> & Pick<TaskRow, "status" | "version">,
): TaskRow | null {
  const t = jobTask(job) ?? foreignJobTask(job);
  if (!t) return null;
  return {
    id: t.id,
    type: t.type,
    pool: t.pool,
    priority: t.priority,
    payload: t.payload,
    result: null,
    error: null,
    progress: parseProgress(job.progress),
    attempts: job.attemptsMade,
    attemptLog: t.attemptLog ?? null,
    createdAt: new Date(t.createdAt),
    startedAt: job.processedOn ? new Date(job.processedOn) : null,
    finishedAt: null,
    updatedAt: new Date(),
    ...(t.submittedBy ? { submittedBy: t.submittedBy, ...(t.listed ? { listedFor: t.submittedBy } : {}) } : {}),
    ...patch,
  };
}
