import Link from "next/link";
import { taskHref, type BatchFailure } from "../lib/batch-page";
import { formatInt } from "../lib/format";
import { tbody, td, th, thead } from "./table-classes";
import { TableRegion } from "./table-region";

/** Children that failed for good: their position, what they were given, why, and their task. */
export function BatchesFailuresTable({ failures }: { failures: readonly BatchFailure[] }) {
  return (
    <TableRegion captionId="batch-failures-caption" caption="Failed children: index, input, error and task">
      <thead className={thead}>
        <tr>
          <th scope="col" className={`${th} text-right`}>Index</th>
          <th scope="col" className={th}>Input</th>
          <th scope="col" className={th}>Error</th>
          <th scope="col" className={th}>Task</th>
        </tr>
      </thead>
      <tbody className={tbody}>
        {failures.map((f) => (
          <tr key={f.taskId || f.index} data-failure={f.index}>
            <th scope="row" className={`${td} text-right font-normal tabular-nums`}>
              {formatInt(f.index)}
            </th>
            <td className={`${td} min-w-48 font-mono text-xs break-all`} data-col="input">
              {f.input}
            </td>
            <td className={`${td} min-w-48 break-words`} data-col="error">
              {f.error ?? "No error recorded."}
            </td>
            <td className={`${td} min-w-40 font-mono text-xs break-all`}>
              {f.taskId ? (
                <Link href={taskHref(f.taskId)} className="rounded-sm text-blue-800 underline underline-offset-2 dark:text-blue-300">
                  {f.taskId}
                </Link>
              ) : (
                "—"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
