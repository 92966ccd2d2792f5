import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import {
  batchChildCount,
  batchChildren,
  batchKindOf,
  batchTaskResultSchema,
  batchTypeOf,
  ConflictError,
  isBatchType,
  isTerminalStatus,
  MAX_BATCH_FAILURES,
  MAX_BATCH_RESULT_BYTES,
  NotFoundError,
  type BatchCounts,
  type BatchStatus,
  type BatchSubmitted,
  type BatchSummary,
  type BatchType,
  type BatchView,
  type ListBatchesInput,
  type Priority,
  type TaskPayload,
  type TaskView,
} from "@switchyard/shared";
import { MAX_TASK_IDS } from "@switchyard/db";
import { viewFromRow, type Platform } from "@switchyard/queue";
import { cancelTask } from "../tasks/task-control.js";
import { getTask, historyQuery, submitTask, type SubmitOptions } from "../tasks/task-service.js";
import { batchChildIds, cancelChildren, childStatuses } from "./batch-children.js";

/**
 * Batches over the task platform: a batch is one parent task (scrape.batch or embed.batch, batch
 * pool) whose handler splits its input into children at the batch's priority and follows them
 * (packages/tasks batch-run.ts). POST answers as soon as the parent is queued, so thousands of
 * URLs cost the server one validated enqueue; the children are submitted by a batch worker.
 */
export async function submitBatch(
  platform: Platform,
  type: BatchType,
  payload: unknown,
  priority: Priority | undefined,
  options: SubmitOptions,
): Promise<BatchSubmitted> {
  const submitted = await submitTask(platform, { type, payload, ...(priority ? { priority } : {}) }, options);
  return {
    id: submitted.id,
    kind: batchKindOf(type),
    status: "running",
    priority: submitted.priority,
    total: batchChildCount(type, payload as TaskPayload<BatchType>),
    replayed: submitted.replayed,
  };
}

/** The parent task of batch id, or 404 when it is no batch (or, to a submitter, not its own). */
async function batchTask(platform: Platform, id: string, owner?: string): Promise<TaskView & { type: BatchType }> {
  const view = await getTask(platform, id, owner).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NotFoundError(`batch ${id}`) : err;
  });
  if (!isBatchType(view.type)) throw new NotFoundError(`batch ${id}`);
  return view as TaskView & { type: BatchType };
}

function batchStatus(taskStatus: string): BatchStatus {
  if (taskStatus === "completed") return "completed";
  if (taskStatus === "cancelled") return "cancelled";
  if (taskStatus === "dead" || taskStatus === "failed") return "failed";
  return "running";
}

function summaryOf(view: TaskView & { type: BatchType }, total: number): BatchSummary {
  const status = batchStatus(view.status);
  return {
    id: view.id,
    kind: batchKindOf(view.type),
    status,
    taskStatus: view.status,
    priority: view.priority,
    total,
    progress: { percent: view.progress?.percent ?? (status === "completed" ? 100 : 0), message: view.progress?.message ?? null },
    error: view.error,
    createdAt: view.createdAt,
    finishedAt: view.finishedAt,
    ...(view.submittedBy !== undefined ? { submittedBy: view.submittedBy } : {}),
  };
}

/** The children's ids: from the finished batch's result, else as the running batch planned them. */
async function childIdsOf(platform: Platform, view: TaskView): Promise<string[]> {
  const result = batchTaskResultSchema.safeParse(view.result);
  if (result.success) return result.data.taskIds;
  return (await batchChildIds(platform, view.id)) ?? [];
}

function emptyCounts(): BatchCounts {
  return { pending: 0, queued: 0, active: 0, retrying: 0, completed: 0, dead: 0, cancelled: 0 };
}

/**
 * GET /batches/{id}: the batch's state, its children counted by status (from the history, one
 * indexed read per 1,000), a page of completed children's results from `offset` (ending early
 * past MAX_BATCH_RESULT_BYTES) and the first MAX_BATCH_FAILURES failures with their errors.
 */
export async function getBatch(
  platform: Platform,
  input: { id: string; offset: number; limit: number },
  owner?: string,
): Promise<BatchView> {
  const view = await batchTask(platform, input.id, owner);
  const children = batchChildren(view.type, view.payload as TaskPayload<BatchType>);
  const ids = await childIdsOf(platform, view);
  const statuses = await childStatuses(platform, ids);
  const counts = emptyCounts();
  const failedAt: number[] = [];
  children.forEach((_, i) => {
    const id = ids[i];
    const status = id === undefined ? undefined : statuses.get(id);
    if (status === undefined) counts.pending++;
    else if (status === "failed" || status === "dead") {
      counts.dead++;
      if (failedAt.length <= MAX_BATCH_FAILURES) failedAt.push(i);
    } else if (status in counts) counts[status as keyof BatchCounts]++;
    else counts.queued++;
  });

  const results: BatchView["results"] = [];
  const end = Math.min(children.length, input.offset + input.limit);
  // `next`: the first index not looked at; the page ends at `end` or once the results are large.
  let next = input.offset;
  let bytes = 0;
  page: while (next < end) {
    const window = ids.slice(next, Math.min(end, next + MAX_TASK_IDS));
    if (window.length === 0) {
      // Not planned yet (the batch has not run): no child has a result.
      next = end;
      break;
    }
    const completed = window.filter((id) => statuses.get(id) === "completed");
    const rows = new Map((await platform.db.tasks.getMany(completed)).map((r) => [r.id, r]));
    for (const id of window) {
      const row = rows.get(id);
      if (row) {
        // Always at least one result however large, so paging moves on.
        const size = JSON.stringify(row.result ?? null).length;
        if (results.length > 0 && bytes + size > MAX_BATCH_RESULT_BYTES) break page;
        bytes += size;
        results.push({ index: next, taskId: id, status: "completed", result: row.result });
      }
      next++;
    }
    await yieldToEventLoop();
  }
  const nextOffset = next < children.length ? next : null;

  const shown = failedAt.slice(0, MAX_BATCH_FAILURES);
  const failedRows = new Map((await platform.db.tasks.getMany(shown.map((i) => ids[i] ?? ""))).map((r) => [r.id, r]));
  const failures = shown.map((i) => {
    const id = ids[i] ?? "";
    return { index: i, taskId: id, status: "dead", input: children[i]?.input ?? "", error: failedRows.get(id)?.error ?? null };
  });

  return {
    ...summaryOf(view, children.length),
    counts,
    done: counts.completed + counts.dead + counts.cancelled,
    results,
    failures,
    failuresTruncated: failedAt.length > MAX_BATCH_FAILURES,
    page: { offset: input.offset, limit: input.limit, nextOffset },
  };
}

/** GET /batches: newest first, both kinds (or one), paged by the last id like the task list. */
export async function listBatches(
  platform: Platform,
  input: ListBatchesInput,
  owner?: string,
): Promise<{ items: BatchSummary[]; nextCursor: string | null }> {
  const types: BatchType[] = input.kind ? [batchTypeOf(input.kind)] : ["scrape.batch", "embed.batch"];
  const pages = await Promise.all(
    types.map((type) => platform.db.tasks.list(historyQuery({ type }, input.limit + 1, input.cursor, owner))),
  );
  // Ids are time-ordered: merging the per-type pages by id keeps the list newest first.
  const rows = pages.flatMap((p) => p.items).sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const page = rows.slice(0, input.limit);
  const items: BatchSummary[] = [];
  for (const row of page) {
    // A running batch's freshest progress is on its job; getTask reads it.
    const view = (isTerminalStatus(row.status) ? null : await getTask(platform, row.id).catch(() => null)) ?? null;
    const type = row.type as BatchType;
    const total = batchChildCount(type, row.payload as TaskPayload<BatchType>);
    items.push(summaryOf({ ...(view ?? viewFromRow(row, false)), type }, total));
  }
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > input.limit && last ? last.id : null };
}

/**
 * POST /batches/{id}/cancel: the parent stops (its handler cancels the children it knows
 * of), and every child not yet ended is cancelled here too, since a parent that was waiting
 * (queued, or deferred between slices) runs no handler to do it.
 */
export async function cancelBatch(
  platform: Platform,
  id: string,
  by: string,
): Promise<{ id: string; status: BatchStatus; cancelledChildren: number; skippedChildren: number }> {
  const view = await batchTask(platform, id);
  if (!isTerminalStatus(view.status)) {
    // Finished meanwhile (409): its children have ended too; nothing of it to stop.
    await cancelTask(platform, id, by).catch((err: unknown) => {
      if (!(err instanceof ConflictError)) throw err;
    });
  }
  const { cancelled, skipped } = await cancelChildren(platform, await childIdsOf(platform, view), by);
  const after = await batchTask(platform, id);
  return {
    id,
    status: batchStatus(after.status),
    cancelledChildren: cancelled,
    skippedChildren: skipped,
  };
}
