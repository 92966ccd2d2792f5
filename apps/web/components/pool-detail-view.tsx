"use client";

import Link from "next/link";
import { useCallback } from "react";
import type { PoolName } from "@switchyard/shared/pools";
import { usePoolStats } from "../lib/use-pool-stats";
import { useAuth } from "./auth-provider";
import { PageHeader } from "./page-header";
import { PoolControls } from "./pool-controls";
import { PoolFacts } from "./pool-facts";
import { TaskStatsCharts } from "./task-stats-charts";
import { PoolStateBadge } from "./pool-state-badge";
import { RefreshState } from "./refresh-state";

const REFRESH_MS = 2_000;

/** One pool: its figures and the operator controls. */
export function PoolDetailView({ name }: { name: PoolName }) {
  const { signOut } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const stats = usePoolStats({ intervalMs: REFRESH_MS, onUnauthorized });
  const pool = stats.pools?.find((p) => p.name === name) ?? null;

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb">
        <ol className="flex flex-wrap items-center gap-1.5 text-sm text-slate-700 dark:text-slate-200">
          <li>
            <Link href="/" className="rounded-sm text-blue-800 underline underline-offset-2 dark:text-blue-300">
              Overview
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <span aria-current="page">Pool {name}</span>
          </li>
        </ol>
      </nav>

      <PageHeader
        title={
          <>
            Pool <span className="font-mono">{name}</span>
          </>
        }
        badge={pool ? <PoolStateBadge paused={pool.paused} /> : null}
        description={pool?.config.description ?? "Configuration, queue counts and operator controls for this pool."}
        aside={<RefreshState what="Pool data" everyMs={REFRESH_MS} error={stats.error} paused={stats.paused} updatedAt={stats.updatedAt} />}
      />

      {pool === null ? (
        stats.error ? (
          <p className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            Could not load the pool: {stats.error}. Retrying every {REFRESH_MS / 1_000} seconds.
          </p>
        ) : (
          <p className="py-8 text-sm text-slate-600 dark:text-slate-300">Loading the pool…</p>
        )
      ) : (
        <>
          <PoolControls pool={pool} onChanged={stats.refresh} onUnauthorized={onUnauthorized} />
          <PoolFacts pool={pool} />
          <TaskStatsCharts pool={name} />
        </>
      )}
    </div>
  );
}
