import type { EmbeddingClient } from "@switchyard/ai";
import type { HandlerRegistry } from "@switchyard/queue";
import { diagnosticFlaky } from "./diagnostic-flaky.js";
import { diagnosticNoop } from "./diagnostic-noop.js";
import { createDiagnosticProbe, type ProbeTargets } from "./diagnostic-probe.js";
import { diagnosticSleep } from "./diagnostic-sleep.js";

export interface HandlerConfig {
  probeTargets: ProbeTargets;
  /** The platform's embedding backend (packages/ai); null when none is configured. */
  embeddings?: EmbeddingClient | null;
}

/**
 * The one registry of task handlers. To add a task type: its schemas go in
 * packages/shared/src/task-catalog.ts, its handler in a file here, and one line below.
 */
export function createHandlers(config: HandlerConfig): HandlerRegistry {
  return {
    "diagnostic.noop": diagnosticNoop,
    "diagnostic.sleep": diagnosticSleep,
    "diagnostic.flaky": diagnosticFlaky,
    "diagnostic.probe": createDiagnosticProbe(config.probeTargets, config.embeddings ?? null),
  };
}
