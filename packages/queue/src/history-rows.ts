import type { Job } from "bullmq";
import type { TaskRow } from "@switchyard/db";
import type { JobData } from "./job-data.js";
import { parseProgress } from "./task-view.js";

/** A history row from a live job, with the fields that changed in `patch`. */
export function rowFromJob(
  job: Job<JobData>,
  patch: Partial<TaskRow> & Pick<TaskRow, "status" | "version">,
): TaskRow {
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
    attempts: job.attemptsMade,
    attemptLog: d.attemptLog ?? null,
    createdAt: new Date(d.createdAt),
    startedAt: job.processedOn ? new Date(job.processedOn) : null,
    finishedAt: null,
    updatedAt: new Date(),
    ...patch,
  };
}
