import Link from "next/link";
import { childNoun, taskHref, type BatchDetail } from "../lib/batch-page";
import { formatDateTime, formatInt } from "../lib/format";
import { BatchesStatusBadge } from "./batches-status-badge";
import { Fact } from "./fact";
import { card } from "./table-classes";
import { taskStatusLabel } from "./task-status-badge";

/** Status, kind, priority, size, times, and the parent task the batch is. */
export function BatchesDetailFacts({ batch }: { batch: BatchDetail }) {
  return (
    <section aria-labelledby="batch-facts-heading" className={card}>
      <h2 id="batch-facts-heading" className="sr-only">
        Facts
      </h2>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Fact name="status" label="Status">
          <BatchesStatusBadge status={batch.status} />
        </Fact>
        <Fact name="kind" label="Kind">
          {batch.kind}
        </Fact>
        <Fact name="priority" label="Priority">
          {batch.priority}
        </Fact>
        <Fact name="total" label="Children">
          {formatInt(batch.total)} {childNoun(batch.kind, batch.total)}
        </Fact>
        <Fact name="created" label="Created">
          <time dateTime={batch.createdAt}>{formatDateTime(batch.createdAt)}</time>
        </Fact>
        <Fact name="finished" label="Finished">
          {batch.finishedAt ? <time dateTime={batch.finishedAt}>{formatDateTime(batch.finishedAt)}</time> : "not yet"}
        </Fact>
        <Fact name="task" label="Batch task">
          <Link href={taskHref(batch.id)} className="rounded-sm font-mono text-blue-800 underline underline-offset-2 dark:text-blue-300">
            {batch.kind}.batch task
          </Link>
          <span className="block text-xs text-slate-600 dark:text-slate-300">{taskStatusLabel(batch.taskStatus)}, in pool batch</span>
        </Fact>
        <Fact name="done" label="Ended">
          {formatInt(batch.done)} of {formatInt(batch.total)}
        </Fact>
      </dl>
      {batch.error ? (
        <p data-fact="error" className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <span className="font-semibold">Error: </span>
          {batch.error}
        </p>
      ) : null}
    </section>
  );
}
