"use client";

import { useCallback } from "react";
import { formatInt } from "../lib/format";
import { api } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { sortWorkers, type WorkerRow } from "../lib/worker-row";
import { useAuth } from "./auth-provider";
import { BreakerPanel } from "./breaker-panel";
import { PageHeader } from "./page-header";
import { RefreshState } from "./refresh-state";
import { WorkersTable } from "./workers-table";
import { WorkerStatusBadge } from "./worker-status-badge";

const REFRESH_MS = 3_000;

const fetchWorkers = (signal: AbortSignal): Promise<WorkerRow[]> => api.workers.list.query(undefined, { signal }).then((r) => r.workers);

/** Worker processes from their heartbeats, and each one's circuit breakers. */
export function WorkersView() {
  const { signOut } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const workers = usePolling({ key: "workers", fetch: fetchWorkers, intervalMs: REFRESH_MS, onUnauthorized });
  const rows = workers.data ? sortWorkers(workers.data) : null;
  // Relative times ("4 s ago") count from the answer's arrival, so they move with each refresh.
  const now = workers.updatedAt ?? 0;
  const alive = rows?.filter((w) => w.status === "alive").length ?? 0;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Workers"
        description="Worker processes from their heartbeats (every 5 s; silent for 15 s means gone, and their tasks move to other workers), with the circuit breakers each one keeps around its dependencies."
        aside={<RefreshState what="Workers" everyMs={REFRESH_MS} error={workers.error} paused={workers.paused} updatedAt={workers.updatedAt} />}
      />

      {rows === null ? (
        workers.error ? (
          <p className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            Could not load the workers: {workers.error}. Retrying every {REFRESH_MS / 1_000} seconds.
          </p>
        ) : (
          <p className="py-8 text-sm text-slate-600 dark:text-slate-300">Loading workers…</p>
        )
      ) : rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-400 px-4 py-8 text-center text-sm text-slate-700 dark:border-slate-500 dark:text-slate-200">
          No worker process has sent a heartbeat in the last 10 minutes. Tasks wait in their queues until one starts.
        </p>
      ) : (
        <>
          <section aria-labelledby="processes-heading" className="space-y-3">
            <div>
              <h2 id="processes-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
                Processes
              </h2>
              <p className="text-sm text-slate-600 dark:text-slate-300">
                {formatInt(alive)} alive, {formatInt(rows.length - alive)} gone. Gone workers stay listed for 10 minutes.
              </p>
            </div>
            <WorkersTable workers={rows} now={now} />
          </section>

          <section aria-labelledby="breakers-heading" className="space-y-3">
            <div>
              <h2 id="breakers-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
                Circuit breakers
              </h2>
              <p className="text-sm text-slate-600 dark:text-slate-300">
                Closed: calls pass. Open: calls are refused and tasks wait (no attempt spent) until the half-open time.
                Half-open: probe calls decide whether it closes again.
              </p>
            </div>
            <ul className="space-y-4">
              {rows.map((w, i) => (
                <li key={w.id}>
                  <article
                    aria-labelledby={`breaker-worker-${i}`}
                    data-breaker-panel={w.id}
                    className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900"
                  >
                    <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1">
                      <h3 id={`breaker-worker-${i}`} className="font-mono text-sm font-semibold break-all text-slate-900 dark:text-white">
                        {w.id}
                      </h3>
                      <WorkerStatusBadge status={w.status} />
                      <span className="text-xs text-slate-600 dark:text-slate-300">
                        {w.host} · PID {w.pid}
                      </span>
                    </div>
                    <BreakerPanel workerId={w.id} raw={w.breakers} gone={w.status === "gone"} now={now} />
                  </article>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
