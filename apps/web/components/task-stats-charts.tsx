"use client";

import { useMemo } from "react";
import type { PoolName } from "@switchyard/shared/pools";
import { formatCount } from "../lib/format";
import { chartsOf } from "../lib/task-stats";
import { useTaskStats } from "../lib/use-task-stats";
import { Notice } from "./notice";
import { TimeSeriesChart } from "./time-series-chart";
import { card, sectionHeading, sectionText } from "./table-classes";

/**
 * Throughput, failures and run time per minute over the last hour, from the task history:
 * every pool on the overview, one pool (with p50 and p95) on its page.
 */
export function TaskStatsCharts({ pool }: { pool?: PoolName }) {
  const stats = useTaskStats(pool);
  const charts = useMemo(() => (stats.data ? chartsOf(stats.data) : null), [stats.data]);
  const totals = useMemo(() => {
    let completed = 0;
    let failed = 0;
    for (const p of stats.data?.pools ?? []) for (const b of p.buckets) {
      completed += b.completed;
      failed += b.failed;
    }
    return { completed, failed };
  }, [stats.data]);
  const id = pool ? `stats-${pool}` : "stats-all";

  return (
    <section aria-labelledby={`${id}-heading`} className={`${card} space-y-4`} data-task-stats={pool ?? "all"}>
      <div>
        <h2 id={`${id}-heading`} className={sectionHeading}>
          Last hour
        </h2>
        <p className={sectionText}>
          Tasks that finished each minute{pool ? "" : ", by pool"}: completed, failed (dead), and run time from start to finish of the completed ones.
          {stats.data ? ` In all: ${formatCount(totals.completed)} completed, ${formatCount(totals.failed)} failed.` : ""}
        </p>
      </div>
      {charts === null ? (
        stats.error ? (
          <Notice tone="error">Could not load the last hour: {stats.error}. Retrying every 15 seconds.</Notice>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300">Loading the last hour…</p>
        )
      ) : (
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
          <TimeSeriesChart
            id={`${id}-completed`}
            title="Completed"
            unit="tasks per minute"
            counts
            data={charts.completed}
            summary={`${formatCount(totals.completed)} completed in the last hour`}
          />
          <TimeSeriesChart
            id={`${id}-failed`}
            title="Failed"
            unit="tasks per minute"
            counts
            data={charts.failed}
            summary={`${formatCount(totals.failed)} failed in the last hour`}
          />
          <TimeSeriesChart
            id={`${id}-runtime`}
            title={pool ? "Run time p50 and p95" : "Run time p95"}
            unit="milliseconds"
            data={charts.runTime}
            summary="run time of completed tasks per minute; the numbers are in the data table"
          />
        </div>
      )}
    </section>
  );
}
