import type { PoolStats } from "@switchyard/shared/pool-stats";
import { formatCount, formatInt, formatRate } from "../lib/format";
import { useLiveWorkerCount } from "../lib/use-live-worker-count";

/** Platform-wide totals above the pools table. */
export function PoolsSummary({ pools }: { pools: readonly PoolStats[] }) {
  let waiting = 0;
  let active = 0;
  let slots = 0;
  let failed = 0;
  let throughput = 0;
  let paused = 0;
  // Processes, not pools: one process serving five pools is one worker (list-workers).
  const workers = useLiveWorkerCount();
  for (const p of pools) {
    waiting += p.counts.waiting;
    active += p.counts.active;
    slots += p.config.concurrency;
    failed += p.counts.failed;
    throughput += p.throughput.perSecond1m;
    if (p.paused) paused += 1;
  }
  const items: Array<{ label: string; value: string; detail: string }> = [
    { label: "Pools", value: formatInt(pools.length), detail: paused ? `${formatInt(paused)} paused` : "all running" },
    { label: "Waiting", value: formatCount(waiting), detail: "tasks queued" },
    { label: "Active", value: formatInt(active), detail: `running · concurrency ${formatInt(slots)} in all` },
    { label: "Throughput", value: `${formatRate(throughput)}/s`, detail: "completions, last minute" },
    { label: "Failed", value: formatCount(failed), detail: "kept for inspection" },
    { label: "Workers", value: workers === null ? "—" : formatInt(workers), detail: "live processes (heartbeat under 15 s)" },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
      {items.map((item) => (
        <div
          key={item.label}
          className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs dark:border-slate-800 dark:bg-slate-900"
        >
          <dt className="text-sm font-medium text-slate-600 dark:text-slate-300">{item.label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums tracking-tight text-slate-900 dark:text-white">{item.value}</dd>
          <dd className="text-xs text-slate-600 dark:text-slate-300">{item.detail}</dd>
        </div>
      ))}
    </dl>
  );
}
