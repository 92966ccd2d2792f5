import type { GpuMetrics } from "../lib/gpu-status";
import { formatCount } from "../lib/format";
import { TableRegion } from "./table-region";
import { tbody, td, th, thead } from "./table-classes";

const ms = new Intl.NumberFormat("en", { style: "unit", unit: "millisecond", unitDisplay: "short", maximumSignificantDigits: 3 });
const show = (v: number | null): string => (v === null ? "—" : ms.format(v));

/** Time waiting in the queue and time computing, as p50 and p95 estimated from the runner's histograms. */
export function GpuLatencyTable({ metrics }: { metrics: GpuMetrics }) {
  const rows = [
    { key: "queue-wait", label: "Queue wait (per request)", l: metrics.queueWait },
    { key: "compute", label: "Compute (per batch)", l: metrics.compute },
  ];
  return (
    <TableRegion captionId="gpu-latency-caption" caption="Latencies: median and 95th percentile, estimated from histogram buckets">
      <thead className={thead}>
        <tr>
          <th scope="col" className={th}>Stage</th>
          <th scope="col" className={`${th} text-right`}>p50</th>
          <th scope="col" className={`${th} text-right`}>p95</th>
          <th scope="col" className={`${th} text-right`}>Observations</th>
        </tr>
      </thead>
      <tbody className={tbody}>
        {rows.map((r) => (
          <tr key={r.key} data-gpu-latency={r.key}>
            <th scope="row" className={`${td} text-left font-medium`}>
              {r.label}
            </th>
            <td className={`${td} text-right tabular-nums`}>{show(r.l.p50Ms)}</td>
            <td className={`${td} text-right tabular-nums`}>{show(r.l.p95Ms)}</td>
            <td className={`${td} text-right tabular-nums`}>{formatCount(r.l.count)}</td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
