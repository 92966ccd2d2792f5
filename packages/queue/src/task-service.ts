import { Job } from "bullmq";
import type { TaskRow } from "@switchyard/db";
import {
  bulkSubmitSchema,
  fromZodIssues,
  listTasksQuerySchema,
  NotFoundError,
  POOL_NAMES,
  priorityRank,
  taskIdSchema,
  type PoolName,
  type SubmitResponse,
  type TaskView,
} from "@switchyard/shared";
import { VERSION_QUEUED } from "./history-version.js";
import type { JobData, PreparedTask } from "./job-data.js";
import type { Platform } from "./platform.js";
import { prepareTask } from "./prepare-task.js";
import { viewFromJob, viewFromRow } from "./task-view.js";

function queuedRow(t: PreparedTask): TaskRow {
  const createdAt = new Date(t.createdAt);
  return {
    id: t.id,
    type: t.type,
    pool: t.pool,
    priority: t.priority,
    status: "queued",
    payload: t.payload,
    result: null,
    error: null,
    progress: null,
    attempts: 0,
    version: VERSION_QUEUED,
    createdAt,
    startedAt: null,
    finishedAt: null,
    updatedAt: createdAt,
  };
}

function jobFor(t: PreparedTask): { name: string; data: JobData; opts: { jobId: string; priority: number } } {
  return {
    name: t.type,
    data: { type: t.type, pool: t.pool, priority: t.priority, payload: t.payload, createdAt: t.createdAt },
    opts: { jobId: t.id, priority: priorityRank(t.priority) },
  };
}

/** POST /tasks: validate, enqueue, record history (batched). */
export async function submitTask(platform: Platform, input: unknown): Promise<SubmitResponse> {
  const task = prepareTask(input);
  const job = jobFor(task);
  await platform.queue(task.pool).add(job.name, job.data, job.opts);
  platform.history.record(queuedRow(task));
  return { id: task.id, status: "queued", pool: task.pool, priority: task.priority };
}

/** POST /tasks/bulk: every item is validated before anything is enqueued. */
export async function submitBulk(platform: Platform, input: unknown): Promise<{ ids: string[] }> {
  const envelope = bulkSubmitSchema.safeParse(input);
  if (!envelope.success) throw fromZodIssues(envelope.error.issues);
  const now = Date.now();
  const tasks = envelope.data.tasks.map((item, i) => prepareTask(item, ["tasks", i], now));
  const byPool = new Map<PoolName, PreparedTask[]>();
  for (const t of tasks) {
    const list = byPool.get(t.pool);
    if (list) list.push(t);
    else byPool.set(t.pool, [t]);
  }
  await Promise.all(
    [...byPool].map(([pool, list]) => platform.queue(pool).addBulk(list.map(jobFor))),
  );
  platform.history.recordMany(tasks.map(queuedRow));
  return { ids: tasks.map((t) => t.id) };
}

/**
 * GET /tasks/:id: the live job in Redis when it is there (freshest progress),
 * otherwise the database history (after Redis removed the job).
 */
export async function getTask(platform: Platform, rawId: unknown): Promise<TaskView> {
  const parsedId = taskIdSchema.safeParse(rawId);
  if (!parsedId.success) throw fromZodIssues(parsedId.error.issues, ["id"]);
  const id = parsedId.data;
  const row = await platform.db.tasks.get(id);
  // Terminal states in the database are final; otherwise look at Redis for live state.
  if (row && (row.status === "completed" || row.status === "failed" || row.status === "cancelled")) {
    return viewFromRow(row, true);
  }
  const pools: readonly PoolName[] = row ? [row.pool as PoolName] : POOL_NAMES;
  for (const pool of pools) {
    const queue = platform.queue(pool);
    // State first, then the job: a job seen "completed" already carries its result.
    const state = await queue.getJobState(id);
    if (state === "unknown") continue;
    const job = await Job.fromId(queue, id);
    if (!job) continue;
    const view = viewFromJob(job, state, true);
    if (view) return view;
  }
  if (row) return viewFromRow(row, true);
  throw new NotFoundError(`task ${id}`);
}

/** GET /tasks: newest first from the history, with an opaque cursor. */
export async function listTasks(
  platform: Platform,
  rawQuery: unknown,
): Promise<{ items: TaskView[]; nextCursor: string | null }> {
  const q = listTasksQuerySchema.safeParse(rawQuery);
  if (!q.success) throw fromZodIssues(q.error.issues);
  const { items, nextCursor } = await platform.db.tasks.list({
    limit: q.data.limit,
    ...(q.data.status ? { status: q.data.status } : {}),
    ...(q.data.type ? { type: q.data.type } : {}),
    ...(q.data.pool ? { pool: q.data.pool } : {}),
    ...(q.data.cursor ? { cursor: q.data.cursor } : {}),
  });
  return { items: items.map((r) => viewFromRow(r, false)), nextCursor };
}
