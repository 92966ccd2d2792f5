"use client";

import { useCallback, useEffect, useMemo, useRef } from "react";
import type { PoolName } from "@switchyard/shared/pools";
import { usePoolStats } from "../lib/use-pool-stats";
import { useLiveEvents } from "../lib/use-live-events";
import { useAuth } from "./auth-provider";
import { ConnectionStatus } from "./connection-status";
import { PoolsSummary } from "./pools-summary";
import { PoolsTable } from "./pools-table";

/** The overview page: totals, every pool, live connection state. Needs a signed-in token or session. */
export function PoolsOverview({ token }: { token: string | null }) {
  const { signOut, lastEvent } = useAuth();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);

  const stats = usePoolStats({ intervalMs: 2_000, onUnauthorized });
  const poolNames = useMemo<PoolName[]>(() => (stats.pools ?? []).map((p) => p.name), [stats.pools]);
  const live = useLiveEvents({ token, pools: poolNames, onUnauthorized });

  // Just signed in: move focus to the page heading so keyboard and screen-reader users land here.
  useEffect(() => {
    if (lastEvent === "signed-in") headingRef.current?.focus();
  }, []); // on mount only

  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1
            ref={headingRef}
            tabIndex={-1}
            className="w-fit text-2xl font-semibold tracking-tight text-slate-900 dark:text-white"
          >
            Overview
          </h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
            Worker pools, queue depth by priority, outcomes and throughput across the platform.
          </p>
        </div>
        <ConnectionStatus
          live={live.status}
          pollFailing={stats.error !== null}
          pollPaused={stats.paused}
          pollError={stats.error}
          updatedAt={stats.updatedAt}
          refused={live.refused}
        />
      </div>

      {stats.pools === null ? (
        stats.error ? (
          <p className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            Could not load the pools: {stats.error}. Retrying every 2 seconds.
          </p>
        ) : (
          <p className="py-8 text-sm text-slate-600 dark:text-slate-300">Loading pools…</p>
        )
      ) : (
        <>
          <section aria-labelledby="totals-heading">
            <h2 id="totals-heading" className="sr-only">
              Totals
            </h2>
            <PoolsSummary pools={stats.pools} />
          </section>
          <section aria-labelledby="pools-heading" className="space-y-3">
            <div>
              <h2 id="pools-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
                Pools
              </h2>
              <p className="text-sm text-slate-600 dark:text-slate-300">
                Configuration and task counts per pool. Waiting tasks are served highest priority first: critical, high, normal, low, bulk.
                Open a pool by its name to pause, resize or drain it.
              </p>
            </div>
            <PoolsTable pools={stats.pools} lastEvents={live.lastEvents} />
          </section>
        </>
      )}
    </div>
  );
}
