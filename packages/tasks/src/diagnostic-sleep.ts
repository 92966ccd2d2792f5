import type { TaskHandler } from "@switchyard/queue";
import { abortableSleep } from "./abortable-sleep.js";

const STEPS = 4;

/** Sleeps `ms`, reporting progress in quarters so live progress can be followed. */
export const diagnosticSleep: TaskHandler<"diagnostic.sleep"> = async ({ payload, signal, progress }) => {
  const started = Date.now();
  if (payload.ms < 200) {
    await abortableSleep(payload.ms, signal);
  } else {
    for (let i = 1; i <= STEPS; i++) {
      await abortableSleep(payload.ms / STEPS, signal);
      await progress({ percent: (i / STEPS) * 100, message: `step ${i} of ${STEPS}` });
    }
  }
  return { sleptMs: Date.now() - started };
};
