import type { HandlerRegistry } from "@switchyard/queue";
import { diagnosticFlaky } from "./diagnostic-flaky.js";
import { diagnosticNoop } from "./diagnostic-noop.js";
import { diagnosticSleep } from "./diagnostic-sleep.js";

/**
 * The one registry of task handlers. To add a task type: its schemas go in
 * packages/shared/src/task-catalog.ts, its handler in a file here, and one line below.
 */
export const handlers: HandlerRegistry = {
  "diagnostic.noop": diagnosticNoop,
  "diagnostic.sleep": diagnosticSleep,
  "diagnostic.flaky": diagnosticFlaky,
};
