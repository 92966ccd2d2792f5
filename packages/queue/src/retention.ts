import type { Queue } from "bullmq";

/**
 * How long finished jobs stay in Redis. History lives in the database, so Redis keeps
 * only a recent window (for fast reads and BullMQ's own tooling), bounded by count and age.
 */
export interface Retention {
  completed: { count: number; age: number };
  failed: { count: number; age: number };
}

export const DEFAULT_RETENTION: Retention = {
  completed: { count: 10_000, age: 3_600 },
  failed: { count: 50_000, age: 7 * 24 * 3_600 },
};

/** Event stream length per pool: how far back a reconnecting client can resume. */
export const EVENTS_MAX_LEN = 100_000;

/**
 * Completed and failed jobs are trimmed in batches by the history reconciler's periodic pass
 * (history-reconciler.ts, trimFinished below) rather than by BullMQ on every completion:
 * removing one old job per finished job cost about a third more Redis CPU in the queue
 * benchmark than one periodic batch removal, and a batch can wait for the history check.
 */
export type FinishedState = "completed" | "failed";

/**
 * clean() works out its cut-off from its own clock reading, a moment after ours: this margin
 * keeps that cut-off at or before `verifiedUpTo` (see trimFinished).
 */
const CLEAN_CLOCK_MARGIN_MS = 1_000;

/**
 * Trims a pool's finished jobs of one state to the retention: the oldest beyond `count`, and
 * any older than `age` seconds, but only among jobs that finished at or before `verifiedUpTo`
 * (ms), whose history the reconciler has checked (history-reconciler.ts). Returns how many it removed.
 */
export async function trimFinished(
  queue: Queue,
  state: FinishedState,
  keep: Retention[FinishedState],
  verifiedUpTo: number,
): Promise<number> {
  const cutoff = verifiedUpTo - CLEAN_CLOCK_MARGIN_MS;
  if (cutoff <= 0) return 0;
  // clean(grace, limit) removes, oldest first, jobs that finished at or before now - grace;
  // the grace is worked out just before each call, as the first call may take a while.
  const verifiedGrace = (): number => Date.now() - cutoff;
  let removed = 0;
  const excess = (await queue.getJobCountByTypes(state)) - keep.count;
  if (excess > 0) removed += (await queue.clean(verifiedGrace(), excess, state)).length;
  removed += (await queue.clean(Math.max(keep.age * 1_000, verifiedGrace()), 0, state)).length;
  return removed;
}
