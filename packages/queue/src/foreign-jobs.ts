import type { Job } from "bullmq";
import { isTaskType, POOL_NAMES, type PoolName, type Priority } from "@switchyard/shared";
import type { JobTask } from "./job-data.js";

/**
 * Jobs that other BullMQ producers (a script, Bull Board's "add job", another service) put into
 * a pool's queue: their name is no task type, or their data is not what the API writes. The
 * worker fails them for good with a reason that says so, and they are recorded like any dead
 * task, so they show in the dead letters instead of vanishing from everything but Redis.
 */

const POOL_BY_QUEUE = new Map<string, PoolName>(POOL_NAMES.map((p) => [`{${p}}`, p]));

type JobFields = Pick<Job, "id" | "name" | "queueName" | "timestamp" | "data">;

/** A job as far as a history row needs it; `type` is whatever name the producer gave. */
export type RecordedJob = Omit<JobTask, "type"> & { type: string };

function claimedType(job: JobFields): string {
  const d: unknown = job.data;
  const inData = d && typeof d === "object" && "type" in d && typeof d.type === "string" ? d.type : undefined;
  return (inData ?? job.name).slice(0, 200);
}

/** Why a job that is not one of our tasks (jobTask answered null) cannot run. */
export function foreignJobReason(job: JobFields): string {
  const type = claimedType(job);
  return isTaskType(type)
    ? `malformed job data for task ${job.id}`
    : `unknown task type ${type}: not in the task catalog (added to this pool's queue by another BullMQ producer?)`;
}

/** A foreign job of a pool's queue read as far as its history row needs; null when it is not in a pool's queue. */
export function foreignJobTask(job: JobFields): RecordedJob | null {
  const pool = POOL_BY_QUEUE.get(job.queueName);
  if (!job.id || !pool) return null;
  return {
    id: job.id,
    type: claimedType(job),
    pool,
    priority: "normal" satisfies Priority,
    payload: job.data ?? null,
    createdAt: job.timestamp,
    run: 0,
    timeoutMs: undefined,
    attemptLog: undefined,
    submittedBy: undefined,
    listed: false,
  };
}

/** The task type as a metrics label: foreign names are "unknown", so another producer cannot grow the label set without bound. */
export function typeLabel(name: string): string {
  return isTaskType(name) ? name : "unknown";
}
