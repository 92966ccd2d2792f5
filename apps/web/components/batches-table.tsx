"use client";

import Link from "next/link";
import { batchHref, type BatchRow } from "../lib/batch-page";
import { formatDateTime, formatInt } from "../lib/format";
import { BatchesProgressBar } from "./batches-progress-bar";
import { BatchesStatusBadge } from "./batches-status-badge";
import { tbody, td, th, thead } from "./table-classes";
import { TableRegion } from "./table-region";

/** Batches, newest first: each id links to its page; a running one's bar follows its progress. */
export function BatchesTable(props: { items: readonly BatchRow[]; busy?: boolean }) {
  return (
    <TableRegion
      captionId="batches-caption"
      caption="Batches, newest first: kind, status, priority, children, progress and creation time"
      busy={props.busy}
    >
      <thead className={thead}>
        <tr>
          <th scope="col" className={th}>Batch</th>
          <th scope="col" className={th}>Kind</th>
          <th scope="col" className={th}>Status</th>
          <th scope="col" className={th}>Priority</th>
          <th scope="col" className={`${th} text-right`}>Children</th>
          <th scope="col" className={th}>Progress</th>
          <th scope="col" className={th}>Created</th>
        </tr>
      </thead>
      <tbody className={tbody}>
        {props.items.map((b) => (
          <tr key={b.id} data-batch={b.id}>
            <th scope="row" className={`${td} min-w-40 text-left font-mono text-xs font-normal break-all`}>
              <Link href={batchHref(b.id)} className="rounded-sm text-blue-800 underline underline-offset-2 dark:text-blue-300">
                {b.id}
              </Link>
            </th>
            <td className={td} data-col="kind">
              {b.kind}
            </td>
            <td className={td} data-col="status">
              <BatchesStatusBadge status={b.status} />
              {b.status === "running" && b.taskStatus === "queued" ? (
                <span className="block text-xs text-slate-600 dark:text-slate-300">waiting for a batch worker</span>
              ) : null}
            </td>
            <td className={td} data-col="priority">
              {b.priority}
            </td>
            <td className={`${td} text-right tabular-nums`} data-col="total">
              {formatInt(b.total)}
            </td>
            <td className={`${td} w-64`} data-col="progress">
              <BatchesProgressBar id={`batch-progress-${b.id}`} label={`Progress of batch ${b.id}`} percent={b.progress.percent} message={b.progress.message} />
              {b.error ? <p className="mt-1 text-xs text-red-800 dark:text-red-300">Error: {b.error}</p> : null}
            </td>
            <td className={`${td} whitespace-nowrap`}>
              <time dateTime={b.createdAt}>{formatDateTime(b.createdAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
