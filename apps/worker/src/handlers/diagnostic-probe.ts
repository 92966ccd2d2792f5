import type { DependencyName, TaskHandler } from "@switchyard/queue";
import { NonRetryableError } from "@switchyard/queue";

/** Where each dependency answers a cheap health request; absent = not configured here. */
export type ProbeTargets = Partial<Record<DependencyName, string>>;

/**
 * diagnostic.probe: one request to a dependency's health URL through its circuit breaker,
 * so an operator can check a dependency from where the work runs (and drills can watch
 * the breaker open and close).
 */
export function createDiagnosticProbe(targets: ProbeTargets): TaskHandler<"diagnostic.probe"> {
  return async ({ payload, dependency }) => {
    const url = targets[payload.dependency];
    if (!url) throw new NonRetryableError(`dependency ${payload.dependency} is not configured in this worker`);
    const started = performance.now();
    const status = await dependency(payload.dependency, async (signal) => {
      const res = await fetch(url, { signal, redirect: "manual" });
      await res.body?.cancel();
      if (res.status >= 500) throw new Error(`${payload.dependency} answered ${res.status}`);
      return res.status;
    });
    return { dependency: payload.dependency, status, latencyMs: Math.round(performance.now() - started) };
  };
}
