import { batchRanges, type GpuMetrics } from "../lib/gpu-status";
import { formatCount } from "../lib/format";
import { TableRegion } from "./table-region";
import { tbody, td, th, thead } from "./table-classes";

/**
 * How many rows the runner's batches carried: a table of counts per size range, each with a
 * bar for the eye (the number beside it says the same, so the bar is hidden from screen readers).
 */
export function GpuBatchSizes({ metrics }: { metrics: GpuMetrics }) {
  const ranges = batchRanges(metrics.batchSizes);
  // Empty ranges above the largest batch seen say nothing: shown up to the last non-empty one.
  const lastUsed = ranges.reduce((last, r, i) => (r.count > 0 ? i : last), -1);
  const shown = ranges.slice(0, Math.max(lastUsed + 1, Math.min(ranges.length, 4)));
  const max = Math.max(1, ...shown.map((r) => r.count));
  return (
    <TableRegion captionId="gpu-batches-caption" caption={`Batch size distribution: ${formatCount(metrics.batches)} batches, ${formatCount(metrics.rows)} rows`}>
      <thead className={thead}>
        <tr>
          <th scope="col" className={th}>Rows per batch</th>
          <th scope="col" className={`${th} text-right`}>Batches</th>
          <th scope="col" className={`${th} w-1/2`}>
            <span className="sr-only">Share</span>
          </th>
        </tr>
      </thead>
      <tbody className={tbody}>
        {shown.map((r) => (
          <tr key={r.label} data-gpu-batch={r.label}>
            <th scope="row" className={`${td} text-left font-medium tabular-nums`}>
              {r.label}
            </th>
            <td className={`${td} text-right tabular-nums`}>{formatCount(r.count)}</td>
            <td className={td} aria-hidden="true">
              <span className="block h-3 rounded-sm bg-blue-600 dark:bg-blue-400" style={{ width: `${(r.count / max) * 100}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
