import type { GpuMetrics, Throughput } from "../lib/gpu-status";
import { formatCount, formatRate } from "../lib/format";
import { TableRegion } from "./table-region";
import { tbody, td, th, thead } from "./table-classes";

const REASONS: Record<string, string> = {
  queue_full: "Queue full",
  overloaded: "Overloaded (memory)",
  shutting_down: "Shutting down",
  deadline: "Deadline passed while waiting",
  unauthorized: "Unauthorized (no or wrong key)",
  payload_too_large: "Body too large",
};

/** Completed requests, throughput (between the last two refreshes) and refusals by reason. */
export function GpuRequests({ metrics, throughput, uptimeSeconds }: { metrics: GpuMetrics; throughput: Throughput | null; uptimeSeconds: number }) {
  const average = uptimeSeconds > 0 ? metrics.rows / uptimeSeconds : 0;
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-1 gap-x-8 gap-y-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-600 dark:text-slate-300">Completed requests</dt>
          <dd className="text-lg font-semibold text-slate-900 tabular-nums dark:text-white" data-gpu="completed">
            {formatCount(metrics.completedRequests)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-300">Throughput</dt>
          <dd className="font-medium text-slate-900 tabular-nums dark:text-white" data-gpu="throughput">
            {throughput
              ? `${formatRate(throughput.rowsPerSecond)} rows/s, ${formatRate(throughput.requestsPerSecond)} requests/s over the last ${Math.round(throughput.overSeconds)} s`
              : "measured from the next refresh"}
            <span className="block text-xs font-normal text-slate-600 dark:text-slate-300">
              {formatCount(metrics.rows)} rows since start ({formatRate(average)} rows/s on average)
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-300">Refusals</dt>
          <dd className="text-lg font-semibold text-slate-900 tabular-nums dark:text-white" data-gpu="refusals">
            {formatCount(metrics.refusals)}
          </dd>
        </div>
      </dl>
      {metrics.refusalsByReason.length > 0 ? (
        <TableRegion captionId="gpu-refusals-caption" caption="Refusals by reason since the runner started">
          <thead className={thead}>
            <tr>
              <th scope="col" className={th}>Reason</th>
              <th scope="col" className={`${th} text-right`}>Refused</th>
            </tr>
          </thead>
          <tbody className={tbody}>
            {metrics.refusalsByReason.map((r) => (
              <tr key={r.reason} data-gpu-refusal={r.reason}>
                <th scope="row" className={`${td} text-left font-medium`}>
                  {REASONS[r.reason] ?? r.reason}
                </th>
                <td className={`${td} text-right tabular-nums`}>{formatCount(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      ) : null}
    </div>
  );
}
