import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { TaskRow } from "@switchyard/db";
import {
  ConflictError,
  isTerminalStatus,
  NotFoundError,
  type CancelOutcome,
  type PoolName,
  type Priority,
  type RedriveResult,
  type TaskView,
} from "@switchyard/shared";
import { publishControl, runOfVersion, versionCancelled, rowFromJob, jobTask, type PreparedTask, type Platform, enqueueJobs, CANCELLED_REASON_PREFIX } from "@switchyard/queue";
import { findJob, getTask, jobFor, parseTaskId, queuedRow } from "./task-service.js";

const WAITING_STATES = new Set(["waiting", "prioritized", "delayed", "paused", "waiting-children"]);
const CANCEL_WAIT_MS = 5_000;


function cancelledRow(row: TaskRow, reason: string): TaskRow {
  const now = new Date();
  return {
    ...row,
    status: "cancelled",
    error: reason,
    version: versionCancelled(runOfVersion(row.version)),
    finishedAt: now,
    updatedAt: now,
  };
}

/**
 * POST /tasks/:id/cancel. A waiting task is removed from its queue; an active one gets its
 * AbortSignal fired in whichever worker runs it (pub/sub) and stops. Finished tasks: 409.
 */
export async function cancelTask(platform: Platform, rawId: unknown, by = "api"): Promise<CancelOutcome> {
  const id = parseTaskId(rawId);
  const reason = `${CANCELLED_REASON_PREFIX} by ${by}`;
  const row = await platform.db.tasks.get(id);
  if (row && isTerminalStatus(row.status)) {
    throw new ConflictError(`task ${id} is already ${row.status === "failed" ? "dead" : row.status}`);
  }
  const live = await findJob(platform, id, row ? [row.pool as PoolName] : undefined);
  if (!live) {
    if (!row) throw new NotFoundError(`task ${id}`);
    platform.history.record(cancelledRow(row, reason));
    await platform.history.flush();
    return { task: await getTask(platform, id), stopped: true };
  }
  const { job, state } = live;
  const run = job.data.run ?? 0;
  if (state === "completed" || state === "failed") {
    throw new ConflictError(`task ${id} already finished (${state === "completed" ? "completed" : "dead"})`);
  }
  if (WAITING_STATES.has(state)) {
    try {
      await job.remove();
      platform.history.record(
        rowFromJob(job, { status: "cancelled", version: versionCancelled(run), error: reason, finishedAt: new Date() }),
      );
      await platform.history.flush();
      return { task: await getTask(platform, id), stopped: true };
    } catch {
      // It became active between the state check and the removal: stop it where it runs.
    }
  }
  await publishControl(platform.redis, platform.prefix, { kind: "cancel", id, reason });
  const deadline = Date.now() + CANCEL_WAIT_MS;
  const queue = platform.queue(live.pool);
  for (;;) {
    const now = await queue.getJobState(id);
    if (now !== "active" || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await platform.history.flush();
  const task = await getTask(platform, id);
  if (task.status === "completed") throw new ConflictError(`task ${id} completed before it could be cancelled`);
  return { task, stopped: task.status === "cancelled" };
}

function preparedFromRow(row: TaskRow): PreparedTask {
  return {
    id: row.id,
    type: row.type,
    pool: row.pool as PoolName,
    priority: row.priority as Priority,
    payload: row.payload ?? {},
    createdAt: row.createdAt.getTime(),
    ...(row.submittedBy ? { submittedBy: row.submittedBy, listed: Boolean(row.listedFor) } : {}),
  };
}

const REDRIVABLE = new Set(["dead", "failed", "cancelled"]);
const CHUNK = 250;

/**
 * Start dead (or cancelled) tasks again as a new run: same id, payload and attempt history,
 * the pool's attempts and timeout. Works in chunks and yields between them, so redriving
 * tens of thousands never blocks the server. Tasks that are not dead are skipped, each
 * with its reason.
 */
export async function redriveTasks(platform: Platform, ids: readonly string[]): Promise<RedriveResult> {
  const unique = [...new Set(ids)];
  const skipped: RedriveResult["skipped"] = [];
  let redriven = 0;
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const rows = new Map((await platform.db.tasks.getMany(chunk)).map((r) => [r.id, r]));
    const byPool = new Map<PoolName, Array<{ task: PreparedTask; attemptLog: TaskRow["attemptLog"]; run: number }>>();
    for (const id of chunk) {
      const row = rows.get(id);
      const live = await findJob(platform, id, row ? [row.pool as PoolName] : undefined);
      if (live && live.state !== "failed" && live.state !== "completed") {
        skipped.push({ id, reason: `task is already ${live.state === "active" ? "active" : "queued"}` });
        continue;
      }
      // Redis knows first (history is written in batches): a failed job there is dead or cancelled.
      let entry: { task: PreparedTask; attemptLog: TaskRow["attemptLog"]; run: number } | null = null;
      const t = live?.state === "failed" ? jobTask(live.job) : null;
      if (t) {
        entry = {
          task: {
            id,
            type: t.type,
            pool: t.pool,
            priority: t.priority,
            payload: t.payload,
            createdAt: t.createdAt,
            ...(t.submittedBy !== undefined ? { submittedBy: t.submittedBy, listed: t.listed } : {}),
          },
          attemptLog: t.attemptLog ?? null,
          run: t.run + 1,
        };
      } else if (row && REDRIVABLE.has(row.status) && !(live?.state === "completed")) {
        entry = { task: preparedFromRow(row), attemptLog: row.attemptLog, run: runOfVersion(row.version) + 1 };
      }
      if (!entry) {
        const status = live?.state === "completed" ? "completed" : row?.status;
        skipped.push({ id, reason: status ? `task is ${status}` : "not found" });
        continue;
      }
      if (live) await live.job.remove();
      const list = byPool.get(entry.task.pool) ?? [];
      list.push(entry);
      byPool.set(entry.task.pool, list);
    }
    for (const [pool, list] of byPool) {
      const { added } = await enqueueJobs(
        platform.redis,
        platform.queue(pool),
        list.map(({ task, attemptLog, run }) => jobFor(task, { run, ...(attemptLog ? { attemptLog } : {}) })),
      );
      const fresh = list.filter((_, i) => added[i]);
      // Only when another request redrove the same task in between (its job exists again).
      for (const [i, { task }] of list.entries()) if (!added[i]) skipped.push({ id: task.id, reason: "task is already queued" });
      platform.history.recordMany(fresh.map(({ task, attemptLog, run }) => queuedRow(task, run, attemptLog)));
      redriven += fresh.length;
    }
    await yieldToEventLoop();
  }
  await platform.history.flush();
  return { requested: unique.length, redriven, skipped };
}

/** POST /tasks/:id/retry: a dead or cancelled task runs again (a new run, same id). */
export async function retryTask(platform: Platform, rawId: unknown): Promise<TaskView> {
  const id = parseTaskId(rawId);
  const result = await redriveTasks(platform, [id]);
  const skip = result.skipped[0];
  if (skip) {
    if (skip.reason === "not found") throw new NotFoundError(`task ${id}`);
    throw new ConflictError(`task ${id} cannot be retried: ${skip.reason}; only dead or cancelled tasks can`);
  }
  return getTask(platform, id);
}
