import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { MAX_TASK_IDS, type TaskRow } from "@switchyard/db";
import {
  ConflictError,
  isTerminalStatus,
  MAX_BULK_ACTION_MATCHES,
  NotFoundError,
  type BulkTaskAction,
  type BulkTaskActionInput,
  type BulkTaskActionResult,
  type PoolName,
  type TaskFilter,
} from "@switchyard/shared";
import type { Platform } from "@switchyard/queue";
import { cancelTask, redriveTasks } from "./task-control.js";
import { findJob, historyQuery } from "./task-service.js";

/** Tasks looked at per step; the event loop gets a turn between steps. */
const CHUNK = 250;
/** Cancels in flight at once (a running task is waited for up to a few seconds). */
const CANCEL_CONCURRENCY = 16;
/** The filter's matches are read in pages of this many ids. */
const PAGE = 1_000;

const RETRYABLE = new Set(["dead", "failed", "cancelled"]);

/** Whether the action applies to a task in this recorded status (the dry run's judgement). */
function applies(action: BulkTaskAction, status: string): boolean {
  if (action === "retry") return RETRYABLE.has(status);
  if (action === "cancel") return !isTerminalStatus(status);
  return isTerminalStatus(status);
}

function notApplicable(action: BulkTaskAction, status: string): string {
  const shown = status === "failed" ? "dead" : status;
  return action === "delete" ? `task is ${shown} (only finished tasks are deleted)` : `task is ${shown}`;
}

class Tally {
  matched = 0;
  affected = 0;
  skipped = 0;
  readonly reasons: Record<string, number> = {};
  skip(reason: string, n = 1): void {
    if (n <= 0) return;
    this.skipped += n;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + n;
  }
}

/** The ids a filter matches, newest first, at most `limit` (and whether more matched). */
async function idsOfFilter(platform: Platform, filter: TaskFilter, limit: number): Promise<{ ids: string[]; truncated: boolean }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await platform.db.tasks.list(historyQuery(filter, Math.min(PAGE, limit - ids.length), cursor));
    ids.push(...page.items.map((r) => r.id));
    if (!page.nextCursor) return { ids, truncated: false };
    if (ids.length >= limit) return { ids, truncated: true };
    cursor = page.nextCursor;
    await yieldToEventLoop();
  }
}

/**
 * Cancel, retry or delete many tasks, named by ids or by a filter over the history (the newest
 * `limit` matches). Works in chunks with a turn of the event loop between them, like the
 * redrive. Each task goes through the same domain function as its single-task operation
 * (cancelTask, redriveTasks); delete removes finished tasks from the history, and from Redis
 * first when the job is still there (otherwise the history check would write the row back),
 * and leaves unfinished ones alone. A dry run only reads: matched, and how many the action
 * would apply to by their recorded status.
 */
export async function bulkTaskAction(platform: Platform, input: BulkTaskActionInput, by: string): Promise<BulkTaskActionResult> {
  const { action, dryRun } = input;
  let ids: string[];
  let truncated = false;
  if (input.ids) {
    ids = [...new Set(input.ids)];
  } else if (input.filter) {
    ({ ids, truncated } = await idsOfFilter(platform, input.filter, input.limit ?? MAX_BULK_ACTION_MATCHES));
  } else {
    ids = [];
  }
  const tally = new Tally();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = new Map((await platform.db.tasks.getMany(chunk)).map((r) => [r.id, r]));
    // By ids, a task Redis has but the history has not written yet still counts as matched.
    const known: string[] = [];
    for (const id of chunk) {
      if (rows.has(id) || (input.ids && !dryRun && (await findJob(platform, id)))) known.push(id);
      else tally.skip("not found");
    }
    tally.matched += known.length;
    if (dryRun) {
      for (const id of known) {
        const row = rows.get(id);
        if (row && applies(action, row.status)) tally.affected++;
        else if (row) tally.skip(notApplicable(action, row.status));
      }
    } else if (action === "retry") {
      const result = await redriveTasks(platform, known);
      tally.affected += result.redriven;
      for (const s of result.skipped) tally.skip(s.reason);
    } else if (action === "cancel") {
      await cancelChunk(platform, known, rows, by, tally);
    } else {
      await deleteChunk(platform, known, rows, tally);
    }
    await yieldToEventLoop();
  }
  return { action, dryRun, matched: tally.matched, affected: tally.affected, skipped: tally.skipped, skippedReasons: tally.reasons, truncated };
}

async function cancelChunk(platform: Platform, ids: string[], rows: Map<string, TaskRow>, by: string, tally: Tally): Promise<void> {
  // Finished in the history is final (cancelTask would answer 409 for each).
  const open = ids.filter((id) => {
    const row = rows.get(id);
    if (row && isTerminalStatus(row.status)) {
      tally.skip(notApplicable("cancel", row.status));
      return false;
    }
    return true;
  });
  for (let i = 0; i < open.length; i += CANCEL_CONCURRENCY) {
    await Promise.all(
      open.slice(i, i + CANCEL_CONCURRENCY).map(async (id) => {
        try {
          const outcome = await cancelTask(platform, id, by);
          if (outcome.stopped) tally.affected++;
          else tally.skip("still stopping (cancel requested)");
        } catch (err) {
          if (err instanceof ConflictError) tally.skip("task already finished");
          else if (err instanceof NotFoundError) tally.skip("not found");
          else throw err;
        }
      }),
    );
  }
}

async function deleteChunk(platform: Platform, ids: string[], rows: Map<string, TaskRow>, tally: Tally): Promise<void> {
  const deletable: string[] = [];
  for (const id of ids) {
    const row = rows.get(id);
    if (!row) {
      tally.skip("not yet in the history");
      continue;
    }
    if (!isTerminalStatus(row.status)) {
      tally.skip(notApplicable("delete", row.status));
      continue;
    }
    // Redis may be ahead of the history (a retried task runs again): only a finished job goes.
    const live = await findJob(platform, id, [row.pool as PoolName]);
    if (live && live.state !== "completed" && live.state !== "failed") {
      tally.skip(`task is ${live.state === "active" ? "active" : "queued"}`);
      continue;
    }
    if (live) await live.job.remove();
    deletable.push(id);
  }
  for (let i = 0; i < deletable.length; i += MAX_TASK_IDS) {
    const batch = deletable.slice(i, i + MAX_TASK_IDS);
    const deleted = await platform.db.tasks.deleteFinished(batch);
    tally.affected += deleted.length;
    // Its row changed to unfinished between the read and the delete (a retry in between).
    tally.skip("task is no longer finished", batch.length - deleted.length);
  }
}
