import type { EmbeddingClient } from "@switchyard/ai";
import type { DependencyName, TaskHandler } from "@switchyard/queue";
import { NonRetryableError } from "@switchyard/queue";

/** Where each dependency answers a cheap health request; absent = not configured here. */
export type ProbeTargets = Partial<Record<DependencyName, string>>;

/**
 * diagnostic.probe: one call to a dependency through its circuit breaker, so an operator can
 * check it from where the work runs (and drills can watch the breaker open and close). The
 * GPU runner is probed the way the platform uses it: one embedding through the openai client.
 */
export function createDiagnosticProbe(targets: ProbeTargets, embeddings: EmbeddingClient | null): TaskHandler<"diagnostic.probe"> {
  return async ({ payload, dependency }) => {
    const started = performance.now();
    const done = (status: number) => ({ dependency: payload.dependency, status, latencyMs: Math.round(performance.now() - started) });
    if (payload.dependency === "gpu-runner" && embeddings) {
      await dependency("gpu-runner", (signal) => embeddings.embed(["switchyard probe"], { signal }));
      return done(200);
    }
    const url = targets[payload.dependency];
    if (!url) throw new NonRetryableError(`dependency ${payload.dependency} is not configured in this worker`);
    const status = await dependency(payload.dependency, async (signal) => {
      const res = await fetch(url, { signal, redirect: "manual" });
      await res.body?.cancel();
      if (res.status >= 500) throw new Error(`${payload.dependency} answered ${res.status}`);
      return res.status;
    });
    return done(status);
  };
}
