import type { BatchDetail } from "../lib/batch-page";
import { formatInt } from "../lib/format";
import { tbody, td, th, thead } from "./table-classes";
import { TableRegion } from "./table-region";

const ROWS: ReadonlyArray<[keyof BatchDetail["counts"], string]> = [
  ["pending", "Not yet submitted"],
  ["queued", "Queued"],
  ["active", "Running"],
  ["retrying", "Retrying"],
  ["completed", "Completed"],
  ["dead", "Failed"],
  ["cancelled", "Cancelled"],
];

/** The children by recorded status (every child counted once). */
export function BatchesCounts({ counts, total }: { counts: BatchDetail["counts"]; total: number }) {
  return (
    <TableRegion captionId="batch-counts-caption" caption="Children by status">
      <thead className={thead}>
        <tr>
          <th scope="col" className={th}>Status</th>
          <th scope="col" className={`${th} text-right`}>Children</th>
        </tr>
      </thead>
      <tbody className={tbody}>
        {ROWS.map(([key, label]) => (
          <tr key={key} data-count={key}>
            <th scope="row" className={`${td} text-left font-normal`}>
              {label}
            </th>
            <td className={`${td} text-right tabular-nums`}>{formatInt(counts[key])}</td>
          </tr>
        ))}
        <tr data-count="total">
          <th scope="row" className={`${td} text-left font-semibold`}>
            All
          </th>
          <td className={`${td} text-right font-semibold tabular-nums`}>{formatInt(total)}</td>
        </tr>
      </tbody>
    </TableRegion>
  );
}
