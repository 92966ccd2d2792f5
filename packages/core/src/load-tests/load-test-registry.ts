import { ConflictError, NotFoundError } from "@switchyard/shared";
import { newTaskId, type Platform } from "@switchyard/queue";
import type { LoadTestReport } from "@switchyard/shared";
import { initialLoadTestReport, parseLoadTestSpec, runLoadTest, type RunLoadTestOptions } from "./run-load-test.js";

export interface LoadTestRegistry {
  /**
   * Validate and start a run in the background; returns its first (running) report. Throws
   * ValidationError for a bad spec and ConflictError while another run is going.
   */
  start(spec: unknown): LoadTestReport;
  /** The latest report of a run (live while it runs); NotFoundError once it has been dropped. */
  get(id: string): LoadTestReport;
  /** Kept reports, newest first. */
  list(): LoadTestReport[];
  /** Resolves with the run's final report. */
  wait(id: string): Promise<LoadTestReport>;
  /** Abort a running run and wait for it to stop. */
  close(): Promise<void>;
}

export interface LoadTestRegistryOptions {
  /** Reports kept (the running one always is). Default 20. */
  keep?: number;
  /** Passed to each run (tests shorten the intervals). */
  run?: Pick<RunLoadTestOptions, "pollIntervalMs" | "progressIntervalMs">;
  onError?: (err: unknown) => void;
}

interface Entry {
  /** Replaced by each progress report, then by the final one. */
  live: { report: LoadTestReport };
  done: Promise<LoadTestReport>;
  controller: AbortController;
}

/**
 * The web process's load tests: one at a time (a load test measures the platform, two
 * would measure each other), the last `keep` reports in memory. Reports don't survive a
 * restart; a run doesn't either (close() aborts it).
 */
export function createLoadTestRegistry(platform: Platform, options: LoadTestRegistryOptions = {}): LoadTestRegistry {
  const keep = options.keep ?? 20;
  // Insertion order = start order.
  const entries = new Map<string, Entry>();
  let running: string | null = null;
  let closed = false;

  const entry = (id: string): Entry => {
    const e = entries.get(id);
    if (!e) throw new NotFoundError(`load test ${id}`);
    return e;
  };

  const prune = (): void => {
    for (const [id] of entries) {
      if (entries.size <= keep) return;
      if (id !== running) entries.delete(id);
    }
  };

  return {
    start(input) {
      if (closed) throw new ConflictError("the load-test registry is shutting down");
      const spec = parseLoadTestSpec(input);
      if (running) {
        throw new ConflictError(`load test ${running} is still running; wait for it or stop it first`, {
          runningId: running,
        });
      }
      const id = newTaskId();
      const controller = new AbortController();
      const live = { report: initialLoadTestReport(id, spec) };
      const done = runLoadTest(platform, spec, {
        ...options.run,
        id,
        signal: controller.signal,
        onProgress: (r) => {
          live.report = r;
        },
      })
        .catch((err: unknown): LoadTestReport => {
          // Redis or the database failed before the run could report on its own.
          options.onError?.(err);
          return {
            ...live.report,
            status: "failed",
            finishedAt: new Date().toISOString(),
            error: err instanceof Error ? err.message : String(err),
          };
        })
        .then((final) => {
          live.report = final;
          if (running === id) running = null;
          return final;
        });
      running = id;
      entries.set(id, { live, done, controller });
      prune();
      return live.report;
    },
    get: (id) => entry(id).live.report,
    list: () => [...entries.values()].map((e) => e.live.report).reverse(),
    wait: (id) => entry(id).done,
    async close() {
      closed = true;
      const current = running ? entries.get(running) : undefined;
      if (!current) return;
      current.controller.abort(new Error("the server is shutting down"));
      await current.done;
    },
  };
}
