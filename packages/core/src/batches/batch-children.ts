import { MAX_TASK_IDS } from "@switchyard/db";
import { isTerminalStatus, MAX_BULK_TASKS, type BatchChild } from "@switchyard/shared";
import { globalKey, jobTask, newTaskId, type Platform } from "@switchyard/queue";
import { bulkTaskAction } from "../tasks/bulk-actions.js";
import { deferWhenFull } from "../tasks/defer-when-full.js";
import { getTask, submitBulk } from "../tasks/task-service.js";

/** How long a batch remembers its children's ids (it normally ends well within a week). */
const CHILDREN_TTL_SECONDS = 7 * 86_400;

const idsKey = (platform: Platform, batchId: string): string => globalKey(platform.prefix, `batch-children:${batchId}`);
const enqueuedKey = (platform: Platform, batchId: string): string => globalKey(platform.prefix, `batch-enqueued:${batchId}`);

/** The children's ids in input order, as the batch planned them; null before it first ran. */
export async function batchChildIds(platform: Platform, batchId: string): Promise<string[] | null> {
  const stored = await platform.redis.get(idsKey(platform, batchId));
  return stored === null ? null : (JSON.parse(stored) as string[]);
}

/**
 * Submit a batch's children through the core submit path (validation, backpressure, history),
 * at the batch's priority and owned by the batch's submitter. The ids are planned and stored
 * first, then the children go in parts of MAX_BULK_TASKS with a mark after each: a batch that
 * is deferred (its pool full), handed back on shutdown, retried or resumed after a crash goes on
 * from the last mark with the same ids, and a part that was enqueued but not marked adds
 * nothing twice (a job with an existing id is not added). A full pool throws the
 * RateLimitedError of submitBulk; the caller defers. Stops between parts once `signal` aborts.
 */
export async function submitBatchChildren(
  platform: Platform,
  batchId: string,
  children: readonly BatchChild[],
  signal?: AbortSignal,
): Promise<string[]> {
  const key = idsKey(platform, batchId);
  const markKey = enqueuedKey(platform, batchId);
  let ids = await batchChildIds(platform, batchId);
  if (ids === null) {
    const planned = children.map(() => newTaskId());
    // NX: a second run racing this one (it cannot, a job runs once at a time, but cheaply sure) keeps the first plan.
    await platform.redis
      .multi()
      .set(key, JSON.stringify(planned), "EX", CHILDREN_TTL_SECONDS, "NX")
      .set(markKey, "0", "EX", CHILDREN_TTL_SECONDS, "NX")
      .exec();
    ids = (await batchChildIds(platform, batchId)) ?? planned;
  }
  if (ids.length !== children.length) throw new Error(`batch ${batchId} planned ${ids.length} children, its payload makes ${children.length}`);
  // No mark beside stored ids: an earlier version stored them only once all were submitted.
  const mark = await platform.redis.get(markKey);
  let done = mark === null ? ids.length : Number(mark);
  if (done >= ids.length) return ids;

  // Children run at the batch's priority (a critical batch's children are critical) and belong to
  // whoever submitted the batch; the batch's job data says whether it is listed for its submitter.
  const { priority, pool, submittedBy } = await getTask(platform, batchId);
  const batchJob = submittedBy ? await platform.queue(pool).getJob(batchId) : undefined;
  const listed = batchJob ? (jobTask(batchJob)?.listed ?? false) : false;
  while (done < ids.length) {
    signal?.throwIfAborted();
    const part = children.slice(done, done + MAX_BULK_TASKS);
    await submitBulk(
      platform,
      { tasks: part.map((c) => ({ type: c.type, payload: c.payload, priority })) },
      { ids: ids.slice(done, done + part.length), ...(submittedBy ? { submittedBy, listedForSubmitter: listed } : {}) },
    );
    done += part.length;
    await platform.redis.set(markKey, String(done), "EX", CHILDREN_TTL_SECONDS);
  }
  return ids;
}

/** The recorded status of each of ids that the history has (a child not yet written is left out). */
export async function childStatuses(platform: Platform, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += MAX_TASK_IDS) {
    for (const s of await platform.db.tasks.getFinishStates(ids.slice(i, i + MAX_TASK_IDS))) out.set(s.id, s.status);
  }
  return out;
}

/** How a child ended, as its history row says (a dead child's row may still read "failed"). */
export type ChildOutcome = "completed" | "dead" | "failed" | "cancelled";

/**
 * What a batch handler (packages/tasks batch-run.ts) needs from the platform, over the core
 * paths: submit the children (a full pool defers the batch, no attempt spent), read how they
 * ended, cancel those still open.
 */
export function createBatchChildren(platform: Platform): {
  submit(batchTaskId: string, children: readonly BatchChild[], signal: AbortSignal): Promise<string[]>;
  finished(ids: readonly string[]): Promise<Map<string, ChildOutcome>>;
  cancel(ids: readonly string[]): Promise<void>;
} {
  return {
    submit: (batchTaskId, children, signal) => deferWhenFull(() => submitBatchChildren(platform, batchTaskId, children, signal)),
    async finished(ids) {
      const out = new Map<string, ChildOutcome>();
      for (const [id, status] of await childStatuses(platform, ids)) {
        if (status === "completed" || status === "dead" || status === "failed" || status === "cancelled") out.set(id, status);
      }
      return out;
    },
    async cancel(ids) {
      await cancelChildren(platform, ids, "its batch");
    },
  };
}

/**
 * Cancel those of a batch's children that have not ended, the waiting ones first: a running
 * child that stops frees a slot in its pool, and a waiting sibling must not take it (and
 * start work the batch no longer wants) before it is cancelled too. Returns how many were
 * cancelled and how many had ended (or were still stopping).
 */
export async function cancelChildren(platform: Platform, ids: readonly string[], by: string): Promise<{ cancelled: number; skipped: number }> {
  const statuses = await childStatuses(platform, ids);
  const open = ids.filter((id) => {
    const s = statuses.get(id);
    return s === undefined || !isTerminalStatus(s);
  });
  const running = open.filter((id) => statuses.get(id) === "active");
  const waiting = open.filter((id) => statuses.get(id) !== "active");
  let cancelled = 0;
  for (const part of [waiting, running]) {
    if (part.length === 0) continue;
    cancelled += (await bulkTaskAction(platform, { action: "cancel", ids: part, dryRun: false }, by)).affected;
  }
  return { cancelled, skipped: ids.length - cancelled };
}
