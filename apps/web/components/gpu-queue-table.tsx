import type { GpuStatus } from "../lib/gpu-status";
import { formatInt } from "../lib/format";
import { TableRegion } from "./table-region";
import { tbody, td, th, thead } from "./table-classes";

const PRIORITY_ORDER = ["critical", "high", "normal", "low", "bulk"] as const;

/** Rows waiting in the runner's queue by effective priority, and the batching limits. */
export function GpuQueueTable({ queue, batching }: { queue: GpuStatus["health"]["queue"]; batching: GpuStatus["health"]["batching"] }) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700 dark:text-slate-200">
        {formatInt(queue.depth)} of at most {formatInt(queue.maxDepth)} rows waiting, {formatInt(queue.batchesInFlight)} batches computing. Batches
        take up to {formatInt(batching.effectiveMaxBatchSize)} rows
        {batching.effectiveMaxBatchSize < batching.maxBatchSize ? ` (lowered from ${formatInt(batching.maxBatchSize)} under memory pressure)` : ""} and
        wait at most {formatInt(batching.maxQueueDelayMs)} ms to fill.
      </p>
      <TableRegion captionId="gpu-queue-caption" caption="Queue depth by priority">
        <thead className={thead}>
          <tr>
            <th scope="col" className={th}>Priority</th>
            <th scope="col" className={`${th} text-right`}>Waiting rows</th>
          </tr>
        </thead>
        <tbody className={tbody}>
          {PRIORITY_ORDER.map((p) => (
            <tr key={p} data-gpu-priority={p}>
              <th scope="row" className={`${td} text-left font-medium capitalize`}>
                {p}
              </th>
              <td className={`${td} text-right tabular-nums`}>{formatInt(queue.byPriority[p])}</td>
            </tr>
          ))}
        </tbody>
      </TableRegion>
    </div>
  );
}
