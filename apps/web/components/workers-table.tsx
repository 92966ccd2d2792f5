import type { WorkerRow } from "../lib/worker-row";
import { formatClock, formatInt, formatMemory, formatRelative } from "../lib/format";
import { WorkerStatusBadge } from "./worker-status-badge";
import { TableRegion } from "./table-region";

const th = "px-2.5 py-2.5 text-left text-xs font-semibold whitespace-nowrap text-slate-700 dark:text-slate-200";
const thNum = `${th} text-right`;
const td = "px-2.5 py-3 align-top text-slate-900 dark:text-slate-100";
const tdNum = `${td} text-right tabular-nums`;
const sub = "block text-xs text-slate-600 dark:text-slate-300";

/** One row per worker process that sent a heartbeat in the last 10 minutes. */
export function WorkersTable({ workers, now }: { workers: readonly WorkerRow[]; now: number }) {
  return (
    <TableRegion captionId="workers-caption" caption="Worker processes: status, host, pools with their concurrency, active tasks, memory and last heartbeat">
      <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/60">
        <tr>
          <th scope="col" className={th}>Worker</th>
          <th scope="col" className={th}>Status</th>
          <th scope="col" className={th}>Host and PID</th>
          <th scope="col" className={th}>Pools (concurrency)</th>
          <th scope="col" className={thNum}>Active tasks</th>
          <th scope="col" className={thNum}>Memory</th>
          <th scope="col" className={th}>Version</th>
          <th scope="col" className={th}>Last seen</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
        {workers.map((w) => {
          const slots = w.pools.reduce((n, p) => n + (w.concurrency[p] ?? 0), 0);
          return (
            <tr key={w.id} data-worker={w.id}>
              <th scope="row" className={`${td} text-left font-mono text-xs font-semibold break-all`}>
                {w.id}
              </th>
              <td className={td} data-col="status">
                <WorkerStatusBadge status={w.status} />
              </td>
              <td className={td}>
                <span className="block">{w.host}</span>
                <span className={sub}>PID {w.pid}</span>
              </td>
              <td className={td} data-col="pools">
                <ul className="space-y-0.5">
                  {w.pools.map((p) => (
                    <li key={p} className="whitespace-nowrap">
                      <span className="font-mono">{p}</span>{" "}
                      <span className="text-slate-600 dark:text-slate-300">
                        ({formatInt(w.concurrency[p] ?? 0)})
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
              <td className={tdNum} data-col="active">
                {formatInt(w.active)}
                <span className={sub}>of {formatInt(slots)} slots</span>
              </td>
              <td className={`${tdNum} whitespace-nowrap`}>
                {formatMemory(w.memory.rss)}
                <span className={sub}>heap {formatMemory(w.memory.heapUsed)}</span>
              </td>
              <td className={`${td} font-mono text-xs`}>{w.version}</td>
              <td className={`${td} whitespace-nowrap`}>
                <time dateTime={new Date(w.lastSeen).toISOString()}>{formatClock(w.lastSeen)}</time>
                <span className={sub}>{formatRelative(w.lastSeen, now)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </TableRegion>
  );
}
