import type { PoolStats } from "@switchyard/shared/pool-stats";
import { PRIORITIES } from "@switchyard/shared/priorities";
import type { LastEvents } from "../lib/use-live-events";
import { formatCount, formatDuration, formatInt, formatRate } from "../lib/format";
import Link from "next/link";
import { LastEventIndicator } from "./last-event";
import { PoolStateBadge } from "./pool-state-badge";
import { TableRegion } from "./table-region";

const SHORT: Record<(typeof PRIORITIES)[number], string> = {
  critical: "crit",
  high: "high",
  normal: "norm",
  low: "low",
  bulk: "bulk",
};

const th = "px-2.5 py-2.5 text-left text-xs font-semibold whitespace-nowrap text-slate-700 dark:text-slate-200";
const thNum = `${th} text-right`;
const td = "px-2.5 py-3 align-top text-slate-900 dark:text-slate-100";
const tdNum = `${td} text-right tabular-nums`;

/** One row per pool: configuration, queue depth by priority, outcomes, throughput and the latest live event. */
export function PoolsTable({ pools, lastEvents }: { pools: readonly PoolStats[]; lastEvents: LastEvents }) {
  return (
    <TableRegion captionId="pools-caption" caption="Worker pools: state, configuration, tasks by state, throughput and the latest live task event">
      <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/60">
        <tr>
          <th scope="col" className={th}>Pool</th>
          <th scope="col" className={th}>State</th>
          <th scope="col" className={thNum}>Workers</th>
          <th scope="col" className={thNum}>Concurrency</th>
          <th scope="col" className={thNum}>Timeout</th>
          <th scope="col" className={thNum}>Retries</th>
          <th scope="col" className={thNum}>Waiting</th>
          <th scope="col" className={thNum}>Active</th>
          <th scope="col" className={thNum}>Delayed</th>
          <th scope="col" className={thNum}>Completed</th>
          <th scope="col" className={thNum}>Failed</th>
          <th scope="col" className={thNum}>Throughput</th>
          <th scope="col" className={th}>Last event</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
        {pools.map((pool) => (
          <tr key={pool.name} data-pool={pool.name} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
            <th scope="row" className="min-w-44 px-2.5 py-3 text-left align-top font-normal">
              {/* The pool's own page has the operator controls (pause, concurrency, drain). */}
              <Link
                href={`/pools/${pool.name}`}
                className="block w-fit rounded-sm font-mono text-sm font-semibold text-blue-800 underline decoration-1 underline-offset-2 hover:decoration-2 dark:text-blue-300"
              >
                {pool.name}
              </Link>
              {pool.config.description ? (
                <span className="mt-0.5 block max-w-56 text-xs text-slate-600 dark:text-slate-300">{pool.config.description}</span>
              ) : null}
            </th>
            <td className={td}>
              <PoolStateBadge paused={pool.paused} />
            </td>
            <td className={tdNum} data-col="workers">{formatInt(pool.workers)}</td>
            <td className={tdNum} data-col="concurrency">{formatInt(pool.config.concurrency)}</td>
            <td className={`${tdNum} whitespace-nowrap`} data-col="timeout">{formatDuration(pool.config.timeoutMs)}</td>
            <td className={tdNum} data-col="retries">{formatInt(pool.config.retries)}</td>
            <td className={tdNum} data-col="waiting">
              <span className="font-medium">{formatCount(pool.counts.waiting)}</span>
              <span className="block text-xs whitespace-nowrap text-slate-600 dark:text-slate-300">
                limit {formatInt(pool.config.maxDepth)}
              </span>
              <dl className="mt-1.5 ml-auto grid w-max grid-cols-[repeat(5,minmax(1.75rem,auto))] gap-x-1 text-[0.6875rem] leading-tight">
                {PRIORITIES.map((p) => (
                  <div key={p} className="text-right">
                    <dt className="text-slate-600 dark:text-slate-300">
                      <span aria-hidden="true">{SHORT[p]}</span>
                      <span className="sr-only">{p}</span>
                    </dt>
                    <dd className="text-slate-900 tabular-nums dark:text-slate-100">{formatCount(pool.counts.waitingByPriority[p])}</dd>
                  </div>
                ))}
              </dl>
            </td>
            <td className={tdNum} data-col="active">{formatInt(pool.counts.active)}</td>
            <td className={tdNum} data-col="delayed">{formatCount(pool.counts.delayed)}</td>
            <td className={tdNum} data-col="completed">{formatCount(pool.counts.completed)}</td>
            <td className={tdNum} data-col="failed">
              <span className={pool.counts.failed > 0 ? "font-medium text-red-700 dark:text-red-300" : undefined}>
                {formatCount(pool.counts.failed)}
              </span>
            </td>
            <td className={`${tdNum} whitespace-nowrap`} data-col="throughput">
              <span className="font-medium">{formatRate(pool.throughput.perSecond1m)}/s</span>
              <span className="block text-xs text-slate-600 dark:text-slate-300">
                10 s: {formatRate(pool.throughput.perSecond10s)}/s
              </span>
            </td>
            <td className={td} data-col="last-event">
              <LastEventIndicator event={lastEvents[pool.name]} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
