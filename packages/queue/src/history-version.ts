/**
 * History rows carry a version so that writes from different processes, flushed in any
 * order, converge on the latest state: the database keeps the row with the highest version.
 *
 * version = run × 1,000,000 + step, where run counts retries/redrives of a dead or
 * cancelled task and, within a run, `started` is BullMQ's attemptsStarted (it grows every
 * time the job becomes active, including after a breaker deferral):
 * queued = 0, active = 10·started+1, finished = 10·started+2, waiting to retry =
 * 10·started+3, cancelled = 999,999 (beats anything else in its run).
 */
const RUN = 1_000_000;

export function versionQueued(run = 0): number {
  return run * RUN;
}
export function versionActive(started: number, run = 0): number {
  return run * RUN + Math.min(started, 99_990) * 10 + 1;
}
export function versionFinished(started: number, run = 0): number {
  return run * RUN + Math.min(started, 99_990) * 10 + 2;
}
export function versionRetrying(started: number, run = 0): number {
  return run * RUN + Math.min(started, 99_990) * 10 + 3;
}
export function versionCancelled(run = 0): number {
  return run * RUN + RUN - 1;
}
/** The run a stored version belongs to. */
export function runOfVersion(version: number): number {
  return Math.floor(version / RUN);
}
