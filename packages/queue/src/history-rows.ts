import type { Job } from "bullmq";
import type { TaskRow } from "@switchyard/db";
import { jobTask, type JobData } from "./job-data.js";
import { parseProgress } from "./task-view.js";

/** A history row from a live job, with the fields that changed in `patch`; null when the job is not a task. */
export function rowFromJob(
  job: Job<JobData>,
  patch: Partial<TaskRow> & Pick<TaskRow, "status" | "version">,
): TaskRow | null {
  const t = jobTask(job);
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
    ...patch,
  };
}
