import type { api } from "./trpc-client";

/** Outcomes per pool and minute as tRPC `pools.taskStats` returns them (get-task-stats). */
export type TaskStats = Awaited<ReturnType<typeof api.pools.taskStats.query>>;

/** One line of a chart: a label and one value per minute (null: nothing to show that minute). */
export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

export interface ChartData {
  /** Start of each minute, epoch ms. */
  minutes: number[];
  series: ChartSeries[];
}

/** Throughput (completed per minute), failures (dead per minute) and run time, one line per pool or percentile. */
export function chartsOf(stats: TaskStats): { completed: ChartData; failed: ChartData; runTime: ChartData } {
  const first = stats.pools[0];
  const minutes = first ? first.buckets.map((b) => Date.parse(b.start)) : [];
  const single = stats.pools.length === 1 && first ? first : null;
  return {
    completed: { minutes, series: stats.pools.map((p) => ({ label: p.pool, values: p.buckets.map((b) => b.completed) })) },
    failed: { minutes, series: stats.pools.map((p) => ({ label: p.pool, values: p.buckets.map((b) => b.failed) })) },
    // One pool: its p50 and p95. Several: each pool's p95 (the tail is what an operator watches).
    runTime: single
      ? {
          minutes,
          series: [
            { label: "p50", values: single.buckets.map((b) => b.p50Ms) },
            { label: "p95", values: single.buckets.map((b) => b.p95Ms) },
          ],
        }
      : { minutes, series: stats.pools.map((p) => ({ label: `${p.pool} p95`, values: p.buckets.map((b) => b.p95Ms) })) },
  };
}
