import type { RunnerConfig } from "../config.js";
import type { ResourceManager } from "../engine/resource-manager.js";
import { InvalidInputError, ModelNotFoundError, OverloadedError, ShuttingDownError } from "../errors.js";
import type { RunnerMetrics } from "../metrics.js";
import type { LoadedModel, ModelRegistry } from "../models/registry.js";
import type { RunnerState } from "./lifecycle.js";

/** The checks every request passes before its work is built: open, memory, deadline, model. */
export interface Admission {
  /** Throws ShuttingDownError or OverloadedError (counted as refusals) when no work is taken. */
  admit(): void;
  /** Absolute deadline (performance.now() time) from a relative one, capped by the config. */
  deadlineAt(deadlineMs: number | undefined): number;
  /** A model by id or alias; the default model when none is named. */
  resolveModel(name: string | undefined): LoadedModel;
}

export function createAdmission(args: {
  config: RunnerConfig;
  registry: ModelRegistry;
  resources: ResourceManager;
  metrics: RunnerMetrics;
  state: RunnerState;
}): Admission {
  const { config, registry, resources, metrics, state } = args;
  return {
    admit: () => {
      if (!state.accepting) {
        metrics.refusals.inc({ reason: "shutting_down" });
        throw new ShuttingDownError();
      }
      if (!resources.canAccept()) {
        metrics.refusals.inc({ reason: "overloaded" });
        const snap = resources.snapshot();
        throw new OverloadedError(`memory above the critical limit (rss ${snap.rssMb} MB ≥ ${snap.criticalLimitMb} MB); new work is refused until it falls`, 5);
      }
    },
    deadlineAt: (deadlineMs) => {
      const ms = deadlineMs ?? config.queue.defaultDeadlineMs;
      if (!Number.isFinite(ms) || ms <= 0) throw new InvalidInputError("deadlineMs must be a positive number of milliseconds", "deadlineMs");
      return performance.now() + Math.min(ms, config.queue.maxDeadlineMs);
    },
    resolveModel: (name) => {
      const id = name ?? config.defaultModel;
      const m = registry.get(id);
      if (!m) throw new ModelNotFoundError(id);
      return m;
    },
  };
}
