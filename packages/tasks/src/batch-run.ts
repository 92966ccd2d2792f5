import { TaskCancelledError, TaskDeferredError, type TaskContext } from "@switchyard/queue";
import type { BatchChild, BatchTaskResult } from "@switchyard/shared";
import { abortableSleep } from "./abortable-sleep.js";

/** How a child ended, as its history row says (a dead child's row may still read "failed"). */
export type ChildOutcome = "completed" | "dead" | "failed" | "cancelled";

/**
 * The batch's view of the platform, wired by the worker over the core submit path. `submit`
 * must be idempotent per batch task: a batch that is retried, handed back on shutdown or
 * resumed after a deferral gets the ids of the children it planned the first time (and
 * submits those not yet submitted).
 */
export interface BatchChildren {
  submit(batchTaskId: string, children: readonly BatchChild[], signal: AbortSignal): Promise<string[]>;
  /** The finished ones among ids, with how they ended; unfinished ids are left out. */
  finished(ids: readonly string[]): Promise<Map<string, ChildOutcome>>;
  /** Cancels the unfinished ones among ids (a cancelled batch takes its children with it). */
  cancel(ids: readonly string[]): Promise<void>;
}

export interface BatchOptions {
  children: BatchChildren;
  /** How often the children's states are read; default 500 ms. */
  pollMs?: number;
  /**
   * How long one run waits for its children before it hands its slot back and resumes later
   * (a deferral, no attempt spent); default 4 minutes, well inside the batch pool's timeout.
   */
  waitSliceMs?: number;
}

/**
 * A batch's run: submit the children (the worker's submitter stores their ids first), then
 * report progress as they end. The batch ends when every child has; a cancelled batch cancels
 * the children still waiting or running. `noun` names the children in progress messages.
 */
export async function runBatch(
  options: BatchOptions,
  ctx: Pick<TaskContext<never>, "taskId" | "signal" | "progress">,
  children: readonly BatchChild[],
  noun: string,
): Promise<BatchTaskResult> {
  const pollMs = options.pollMs ?? 500;
  const sliceEnds = Date.now() + (options.waitSliceMs ?? 240_000);
  const { taskId, signal, progress } = ctx;
  let pending = new Set<string>();
  try {
    const taskIds = await options.children.submit(taskId, children, signal);
    pending = new Set(taskIds);
    const total = taskIds.length;
    const counts = { completed: 0, failed: 0, cancelled: 0 };
    let reported = -1;
    for (;;) {
      for (const part of chunks([...pending], 1_000)) {
        for (const [id, outcome] of await options.children.finished(part)) {
          if (!pending.delete(id)) continue;
          if (outcome === "completed") counts.completed++;
          else if (outcome === "cancelled") counts.cancelled++;
          else counts.failed++;
        }
      }
      const done = total - pending.size;
      if (done !== reported) {
        reported = done;
        await progress({
          percent: total === 0 ? 100 : Math.floor((100 * done) / total),
          message: `${done}/${total} ${noun} finished: ${counts.completed} completed, ${counts.failed} failed, ${counts.cancelled} cancelled`,
        });
      }
      if (pending.size === 0) return { submitted: total, taskIds, ...counts };
      if (Date.now() >= sliceEnds) {
        // Hand the slot back rather than run into the pool's timeout; the next run re-attaches.
        throw new TaskDeferredError(`waiting for ${pending.size} of ${total} ${noun}`, Date.now() + pollMs);
      }
      await abortableSleep(pollMs, signal);
    }
  } catch (err) {
    // Only a cancel takes the children along; a timeout or shutdown resumes with them later.
    if (signal.aborted && signal.reason instanceof TaskCancelledError) await options.children.cancel([...pending]);
    throw err;
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
