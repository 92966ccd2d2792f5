import type { PoolStats } from "@switchyard/shared/pool-stats";
import { PRIORITIES } from "@switchyard/shared/priorities";
import { formatCount, formatDuration, formatInt, formatRate } from "../lib/format";

/** One pool's configuration and live counts, as a description list. */
export function PoolFacts({ pool }: { pool: PoolStats }) {
  const { config, counts } = pool;
  const groups: Array<{ title: string; items: Array<{ label: string; value: string; col: string }> }> = [
    {
      title: "Queue",
      items: [
        { label: "Waiting", value: formatCount(counts.waiting), col: "waiting" },
        { label: "Active", value: formatInt(counts.active), col: "active" },
        { label: "Delayed", value: formatCount(counts.delayed), col: "delayed" },
        { label: "Completed", value: formatCount(counts.completed), col: "completed" },
        { label: "Failed", value: formatCount(counts.failed), col: "failed" },
        { label: "Throughput", value: `${formatRate(pool.throughput.perSecond1m)}/s`, col: "throughput" },
      ],
    },
    {
      title: "Configuration",
      items: [
        { label: "Workers", value: formatInt(pool.workers), col: "workers" },
        { label: "Concurrency", value: `${formatInt(config.concurrency)} per worker`, col: "concurrency" },
        { label: "Timeout", value: formatDuration(config.timeoutMs), col: "timeout" },
        { label: "Retries", value: formatInt(config.retries), col: "retries" },
        { label: "Backoff", value: config.backoffMs.map(formatDuration).join(", "), col: "backoff" },
        { label: "Depth limit", value: formatInt(config.maxDepth), col: "max-depth" },
      ],
    },
  ];
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {groups.map((g) => (
        <section
          key={g.title}
          aria-labelledby={`facts-${g.title}`}
          className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900"
        >
          <h2 id={`facts-${g.title}`} className="text-base font-semibold text-slate-900 dark:text-white">
            {g.title}
          </h2>
          <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3">
            {g.items.map((item) => (
              <div key={item.label} data-fact={item.col}>
                <dt className="text-xs font-medium text-slate-600 dark:text-slate-300">{item.label}</dt>
                <dd className="text-lg font-semibold tabular-nums text-slate-900 dark:text-white">{item.value}</dd>
              </div>
            ))}
          </dl>
          {g.title === "Queue" ? (
            <p className="mt-3 text-xs text-slate-600 dark:text-slate-300">
              Waiting by priority:{" "}
              {PRIORITIES.map((p) => `${p} ${formatCount(counts.waitingByPriority[p])}`).join(", ")}.
            </p>
          ) : null}
        </section>
      ))}
    </div>
  );
}
