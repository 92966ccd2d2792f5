import type { ActiveTask } from "./active-task.js";
import { TaskCancelledError, TaskTimeoutError, WorkerShutdownError } from "./task-errors.js";

/** The tasks this process is running, by task id. */
export type ActiveTasks = Map<string, ActiveTask>;

/** How often running tasks' deadlines are checked (one timer per process, not one per task). */
const DEADLINE_SWEEP_MS = 50;

/**
 * Timeouts: one sweep over the running tasks every DEADLINE_SWEEP_MS aborts those past their
 * deadline (min(pool, task) timeout) with TaskTimeoutError, which counts as a failed attempt.
 */
export function startDeadlineSweep(active: ActiveTasks): { stop(): void } {
  const timer = setInterval(() => {
    const now = Date.now();
    for (const task of active.values()) {
      if (!task.aborted && now >= task.deadline) task.abort(new TaskTimeoutError(task.timeoutMs));
    }
  }, DEADLINE_SWEEP_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * A cancel request from the control channel: the process running the task fires its
 * AbortSignal with TaskCancelledError (the others don't have it), and the attempt ends as
 * cancelled.
 */
export function cancelActiveTask(active: ActiveTasks, id: string, reason: string): void {
  active.get(id)?.abort(new TaskCancelledError(reason));
}

/** Shutdown after the grace period: every running task is handed back (WorkerShutdownError). */
export function handBackActiveTasks(active: ActiveTasks): void {
  for (const task of active.values()) task.abort(new WorkerShutdownError());
}
