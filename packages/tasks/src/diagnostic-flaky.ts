import type { TaskHandler } from "@switchyard/queue";
import { abortableSleep } from "./abortable-sleep.js";

/**
 * Fails its first `failTimes` attempts, and every attempt while its fault flag is set:
 * exercises retries, backoff, dead letters and redrive once the cause is gone.
 */
export const diagnosticFlaky: TaskHandler<"diagnostic.flaky"> = async ({ payload, attempt, signal, faultActive }) => {
  if (payload.ms > 0) await abortableSleep(payload.ms, signal);
  if (attempt <= payload.failTimes) throw new Error(`flaky failure ${attempt} of ${payload.failTimes}`);
  if (payload.faultFlag && (await faultActive(payload.faultFlag))) {
    throw new Error(`fault flag ${payload.faultFlag} is set`);
  }
  return { attempts: attempt };
};
