import { Job } from "bullmq";
import type { TaskListQuery, TaskRow } from "@switchyard/db";
import {
  bulkSubmitSchema,
  fromZodIssues,
  isTerminalStatus,
  NotFoundError,
  POOL_NAMES,
  priorityRank,
  taskIdSchema,
  ValidationError,
  type ListTasksQuery,
  type PoolName,
  type SubmitOutcome,
  type SubmitResponse,
  type TaskView,
} from "@switchyard/shared";
import { ensureCapacity } from "./backpressure.js";
import { enqueueJobs, type NewJob, versionQueued, type JobData, type PreparedTask, type Platform, viewFromJob, viewFromRow } from "@switchyard/queue";
import { fingerprintOf, withIdempotency } from "./idempotency.js";
import { prepareTask } from "./prepare-task.js";

export interface SubmitOptions {
  /** The Idempotency-Key header; the body's idempotencyKey works the same way. */
  idempotencyKey?: string;
  /** Whose keys these are (the API token's id). */
  scope?: string;
  /** Who submits ("user:<id>" or "token:<id>", taskOwner()): kept with each task, so submitters read their own. */
  submittedBy?: string;
  /** The submitter reads only its own tasks (taskReadScope "own"): list the tasks for it (TaskRow.listedFor). */
  listedForSubmitter?: boolean;
  /** The envelopes were parsed by submitTaskSchema already (the API layer's input validation): not parsed again. */
  validated?: boolean;
  /**
   * Bulk only: the tasks' ids, chosen beforehand (a batch plans its children's ids, so a batch
   * resumed after a crash submits the same tasks again and a job that exists is not added twice).
   */
  ids?: readonly string[];
}


/** The history row of a task just enqueued; `createdAtMs` is the job's timestamp when BullMQ set it. */
export function queuedRow(
  t: PreparedTask,
  run = 0,
  attemptLog: TaskRow["attemptLog"] = null,
  createdAtMs: number = t.createdAt,
): TaskRow {
  const createdAt = new Date(createdAtMs);
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
    attemptLog,
    version: versionQueued(run),
    createdAt,
    startedAt: null,
    finishedAt: null,
    updatedAt: new Date(),
    ...(t.submittedBy ? { submittedBy: t.submittedBy, ...(t.listed ? { listedFor: t.submittedBy } : {}) } : {}),
  };
}

export function jobFor(t: PreparedTask, extra: Pick<JobData, "run" | "attemptLog"> = {}): NewJob & { data: JobData } {
  const data: JobData = { priority: t.priority, payload: t.payload };
  if (t.timeoutMs !== undefined) data.timeoutMs = t.timeoutMs;
  if (t.submittedBy !== undefined) data.by = t.submittedBy;
  if (t.listed) data.listed = true;
  // A new run of an earlier task keeps its first submission time; a first run's is the job's timestamp.
  if (extra.run) {
    data.run = extra.run;
    data.createdAt = t.createdAt;
  }
  if (extra.attemptLog?.length) data.attemptLog = extra.attemptLog;
  // Only what differs per task is stored with the job (every option lands in the job's hash,
  // which the worker parses on each fetch): the pool's retries and backoff are applied by the
  // worker when an attempt fails (queue pool-failure-policy.ts) and retention by the history reconciler's
  // trim, so a job's options are its id, its priority and, when the task asked for one, its own
  // attempt limit.
  const opts: NewJob["opts"] = { jobId: t.id, priority: priorityRank(t.priority) };
  if (t.maxAttempts !== undefined) opts.attempts = t.maxAttempts;
  return { name: t.type, data, opts };
}

function resolveKey(bodyKey: string | undefined, options: SubmitOptions): string | undefined {
  if (bodyKey !== undefined && options.idempotencyKey !== undefined && bodyKey !== options.idempotencyKey) {
    throw new ValidationError([
      { path: "idempotencyKey", message: "differs from the Idempotency-Key header; send one or make them equal" },
    ]);
  }
  return options.idempotencyKey ?? bodyKey;
}

function withoutKey(input: unknown): unknown {
  if (input && typeof input === "object" && !Array.isArray(input) && "idempotencyKey" in input) {
    const rest: Record<string, unknown> = { ...(input as Record<string, unknown>) };
    delete rest["idempotencyKey"];
    return rest;
  }
  return input;
}

/** POST /tasks: validate, check capacity, enqueue, record history (batched). */
export async function submitTask(platform: Platform, input: unknown, options: SubmitOptions = {}): Promise<SubmitOutcome> {
  const task = prepareTask(input, { pools: platform.pools, validated: options.validated ?? false });
  if (options.submittedBy !== undefined) {
    task.submittedBy = options.submittedBy;
    if (options.listedForSubmitter) task.listed = true;
  }
  const key = resolveKey(task.idempotencyKey, options);
  const create = async (): Promise<SubmitResponse> => {
    await ensureCapacity(platform, new Map([[task.pool, 1]]));
    const { timestamp, added } = await enqueueJobs(platform.redis, platform.queue(task.pool), [jobFor(task)]);
    // Not added: a job with this id exists already (ids are fresh, so never in practice); it keeps its row.
    if (added[0]) platform.history.record(queuedRow(task, 0, null, timestamp));
    return { id: task.id, status: "queued", pool: task.pool, priority: task.priority };
  };
  if (key === undefined) return { ...(await create()), replayed: false };
  const { value, replayed } = await withIdempotency(
    platform.redis,
    platform.prefix,
    { key, scope: options.scope ?? "", fingerprint: fingerprintOf(withoutKey(input)) },
    create,
  );
  return { ...value, replayed };
}

/** POST /tasks/bulk: every item is validated and every pool's capacity checked before anything is enqueued. */
export async function submitBulk(
  platform: Platform,
  input: unknown,
  options: SubmitOptions = {},
): Promise<{ ids: string[]; replayed: boolean }> {
  const envelope = bulkSubmitSchema.safeParse(input);
  if (!envelope.success) throw fromZodIssues(envelope.error.issues);
  const now = Date.now();
  const validated = options.validated ?? false;
  const tasks = envelope.data.tasks.map((item, i) => prepareTask(item, { pools: platform.pools, path: ["tasks", i], now, validated }));
  if (options.ids !== undefined) {
    if (options.ids.length !== tasks.length) throw new RangeError(`${options.ids.length} ids for ${tasks.length} tasks`);
    tasks.forEach((t, i) => (t.id = options.ids?.[i] ?? t.id));
  }
  if (options.submittedBy !== undefined) {
    for (const t of tasks) {
      t.submittedBy = options.submittedBy;
      if (options.listedForSubmitter) t.listed = true;
    }
  }
  const itemKey = tasks.findIndex((t) => t.idempotencyKey !== undefined);
  if (itemKey >= 0) {
    throw new ValidationError([
      { path: `tasks.${itemKey}.idempotencyKey`, message: "use the Idempotency-Key header for a bulk submission" },
    ]);
  }
  const create = async (): Promise<{ ids: string[] }> => {
    const byPool = new Map<PoolName, PreparedTask[]>();
    for (const t of tasks) {
      const list = byPool.get(t.pool);
      if (list) list.push(t);
      else byPool.set(t.pool, [t]);
    }
    await ensureCapacity(platform, new Map([...byPool].map(([p, l]) => [p, l.length])));
    await Promise.all(
      [...byPool].map(async ([pool, list]) => {
        const { timestamp, added } = await enqueueJobs(platform.redis, platform.queue(pool), list.map((t) => jobFor(t)));
        // The rows carry the jobs' own timestamp, so Redis and the database agree on createdAt.
        platform.history.recordMany(list.filter((_, i) => added[i]).map((t) => queuedRow(t, 0, null, timestamp)));
      }),
    );
    return { ids: tasks.map((t) => t.id) };
  };
  if (options.idempotencyKey === undefined) return { ...(await create()), replayed: false };
  const { value, replayed } = await withIdempotency(
    platform.redis,
    platform.prefix,
    { key: options.idempotencyKey, scope: options.scope ?? "", fingerprint: fingerprintOf(input) },
    create,
  );
  return { ...value, replayed };
}

export function parseTaskId(rawId: unknown): string {
  const parsed = taskIdSchema.safeParse(rawId);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues, ["id"]);
  return parsed.data;
}

/** The live BullMQ job of a task and its state, if Redis still has it. */
export async function findJob(
  platform: Platform,
  id: string,
  pools: readonly PoolName[] = POOL_NAMES,
): Promise<{ pool: PoolName; job: Job<JobData>; state: string } | null> {
  for (const pool of pools) {
    const queue = platform.queue(pool);
    // State first, then the job: a job seen "completed" already carries its result.
    const state = await queue.getJobState(id);
    if (state === "unknown") continue;
    const job = (await Job.fromId(queue, id)) as Job<JobData> | undefined;
    if (job) return { pool, job, state };
  }
  return null;
}

/**
 * GET /tasks/:id: the live job in Redis when it is there (freshest progress),
 * otherwise the database history (after Redis removed the job).
 */
export async function getTask(platform: Platform, rawId: unknown, owner?: string): Promise<TaskView> {
  const view = await findTask(platform, parseTaskId(rawId));
  // Someone else's task is "not found" to a submitter: its existence is not theirs to learn.
  if (owner !== undefined && view.submittedBy !== owner) throw new NotFoundError(`task ${view.id}`);
  return view;
}

async function findTask(platform: Platform, id: string): Promise<TaskView> {
  const row = await platform.db.tasks.get(id);
  // Terminal states in the database are final (a retry rewrites the row first).
  if (row && isTerminalStatus(row.status)) return viewFromRow(row, true);
  const live = await findJob(platform, id, row ? [row.pool as PoolName] : POOL_NAMES);
  if (live) {
    const view = viewFromJob(live.job, live.state, true);
    if (view) return view;
  }
  if (row) return viewFromRow(row, true);
  throw new NotFoundError(`task ${id}`);
}

/** The history query of the task list's filters (as validated by listTasksQuerySchema / taskFilterSchema). */
export function historyQuery(
  f: Pick<ListTasksQuery, "status" | "type" | "pool" | "priority" | "q" | "from" | "to">,
  limit: number,
  cursor?: string,
  listedFor?: string,
): TaskListQuery {
  return {
    limit,
    ...(listedFor !== undefined ? { listedFor } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(f.pool ? { pool: f.pool } : {}),
    ...(f.priority ? { priority: f.priority } : {}),
    ...(f.q ? { text: f.q } : {}),
    ...(f.from ? { createdFrom: f.from } : {}),
    ...(f.to ? { createdTo: f.to } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** GET /tasks (query as validated by listTasksQuerySchema): newest first from the history, with an opaque cursor. */
export async function listTasks(
  platform: Platform,
  q: ListTasksQuery,
  /** Only this submitter's tasks (ownTasksOnly()). */
  owner?: string,
): Promise<{ items: TaskView[]; nextCursor: string | null }> {
  const { items, nextCursor } = await platform.db.tasks.list(historyQuery(q, q.limit, q.cursor, owner));
  return { items: items.map((r) => viewFromRow(r, false)), nextCursor };
}
