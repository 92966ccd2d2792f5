import type { Job } from "bullmq";
import type { TraceCarrier } from "@switchyard/observability";
import {
  isTaskType,
  POOL_NAMES,
  PRIORITIES,
  type AttemptRecord,
  type PoolName,
  type Priority,
  type TaskType,
} from "@switchyard/shared";

/**
 * What a BullMQ job carries beyond BullMQ's own fields. The job's id is the task id, its name
 * the task type, its queue the pool and its timestamp the submission time, so the data holds
 * only what has no home there: the submitted priority (aging changes BullMQ's) and the payload.
 * Jobs written by earlier versions also carry type and pool; they are still read.
 */
export interface JobData {
  priority: Priority;
  payload: unknown;
  /** 0 (omitted) for the original run; a retry or redrive of a dead task increments it. */
  run?: number;
  /** Per-attempt time limit smaller than the pool's. */
  timeoutMs?: number;
  /** Failed attempts so far (all runs), appended by the worker before each retry or death. */
  attemptLog?: AttemptRecord[];
  /** A redriven run's first submission time (the job's timestamp is the redrive's); absent on a first run. */
  createdAt?: number;
  /**
   * The W3C trace context (traceparent, tracestate) of the span that enqueued the task, only
   * when that span was sampled (enqueue-jobs.ts): the worker's task span continues its trace.
   */
  trace?: TraceCarrier;
  /** Who submitted it ("user:<id>" or "token:<id>"); absent for tasks the platform made itself. */
  by?: string;
  /** The submitter reads only its own tasks: the history lists the task for it (TaskRow.listedFor). */
  listed?: true;
  /** Earlier versions only. */
  type?: string;
  pool?: PoolName;
}

export interface PreparedTask {
  id: string;
  type: string;
  pool: PoolName;
  priority: Priority;
  payload: unknown;
  createdAt: number;
  maxAttempts?: number;
  timeoutMs?: number;
  /** Who submitted it (JobData.by). */
  submittedBy?: string;
  /** JobData.listed. */
  listed?: boolean;
}

/** A live job read as a task: every field whether this version or an earlier one wrote it. */
export interface JobTask {
  id: string;
  type: TaskType;
  pool: PoolName;
  priority: Priority;
  payload: unknown;
  createdAt: number;
  run: number;
  timeoutMs: number | undefined;
  attemptLog: JobData["attemptLog"];
  submittedBy: string | undefined;
  listed: boolean;
}

const PRIORITY_SET = new Set<string>(PRIORITIES);
const POOL_BY_QUEUE = new Map<string, PoolName>(POOL_NAMES.map((p) => [`{${p}}`, p]));

/**
 * The task a job carries, or null when the job is not one of ours (malformed data, unknown type).
 * Plain checks rather than a schema: the worker calls this for every job, and the API built the data.
 */
export function jobTask(job: Pick<Job, "id" | "name" | "queueName" | "timestamp" | "data">): JobTask | null {
  const d = job.data as Partial<JobData> | null | undefined;
  if (!d || typeof d !== "object" || !job.id) return null;
  const type = typeof d.type === "string" ? d.type : job.name;
  const pool = typeof d.pool === "string" ? d.pool : POOL_BY_QUEUE.get(job.queueName);
  if (!isTaskType(type) || pool === undefined || !POOL_BY_QUEUE.has(`{${pool}}`)) return null;
  return {
    id: job.id,
    type,
    pool: pool as PoolName,
    priority: typeof d.priority === "string" && PRIORITY_SET.has(d.priority) ? (d.priority as Priority) : "normal",
    payload: d.payload,
    createdAt: typeof d.createdAt === "number" ? d.createdAt : job.timestamp,
    run: typeof d.run === "number" ? d.run : 0,
    timeoutMs: typeof d.timeoutMs === "number" ? d.timeoutMs : undefined,
    attemptLog: Array.isArray(d.attemptLog) ? d.attemptLog : undefined,
    submittedBy: typeof d.by === "string" ? d.by : undefined,
    listed: d.listed === true,
  };
}
