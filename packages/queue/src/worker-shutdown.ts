import type { Worker } from "bullmq";
import { errorMessage } from "./error-message.js";
import type { TaskLogger } from "./handler.js";
import type { JobData } from "./job-data.js";
import { handBackActiveTasks, type ActiveTasks } from "./task-aborts.js";

/** How long handed-back tasks get to leave before the workers are closed by force. */
const HAND_BACK_MS = 5_000;

/**
 * Stops the pool workers: they stop taking work and active tasks may finish within the grace
 * period; then the rest are handed back to the queue (WorkerShutdownError → moveToDelayed, no
 * attempt spent) so another worker runs them; a handler that ignores its signal is left to the
 * stalled check after a forced close.
 */
export async function stopPoolWorkers(
  workers: ReadonlyMap<unknown, Worker<JobData>>,
  active: ActiveTasks,
  graceMs: number,
  log: TaskLogger,
): Promise<void> {
  const closeAll = (force: boolean): Promise<boolean> =>
    Promise.all([...workers.values()].map((w) => w.close(force))).then(() => true);
  const within = (p: Promise<boolean>, ms: number): Promise<boolean> =>
    Promise.race([p, new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]).catch(() => false);
  // Stop taking work, let active tasks finish within the grace period…
  const graceful = closeAll(false);
  if (!(await within(graceful, graceMs))) {
    // …then hand the rest back to the queue (no attempt spent) so another worker runs them.
    log.warn("grace period over; handing back active tasks", { active: active.size });
    handBackActiveTasks(active);
    if (!(await within(graceful, HAND_BACK_MS))) {
      // A handler that ignores its signal: its lock lapses and the stalled check re-runs it.
      await closeAll(true).catch(() => undefined);
    }
  }
}

/**
 * Runs shutdown steps in order; a step that fails is logged and the next one still runs, so
 * one broken connection doesn't leave the others open.
 */
export async function runShutdownSteps(steps: ReadonlyArray<() => Promise<unknown>>, log: TaskLogger): Promise<void> {
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      log.warn("shutdown step failed", { err: errorMessage(err) });
    }
  }
}
