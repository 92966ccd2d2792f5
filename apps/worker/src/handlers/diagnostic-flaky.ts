import type { TaskHandler } from "@switchyard/queue";
import { abortableSleep } from "./abortable-sleep.js";

/** Fails its first `failTimes` attempts, then succeeds: exercises retries and backoff. */
export const diagnosticFlaky: TaskHandler<"diagnostic.flaky"> = async ({ payload, attempt, signal }) => {
  if (payload.ms > 0) await abortableSleep(payload.ms, signal);
  if (attempt <= payload.failTimes) throw new Error(`flaky failure ${attempt} of ${payload.failTimes}`);
  return { attempts: attempt };
};
