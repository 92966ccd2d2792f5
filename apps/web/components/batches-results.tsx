"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { httpStatusOf } from "../lib/api-error-status";
import { useThrottled } from "../lib/batch-live";
import { BATCH_RESULTS_PAGE, taskHref, type BatchDetail } from "../lib/batch-page";
import { summariseResult } from "../lib/batch-result-summary";
import { formatInt } from "../lib/format";
import { api } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { Notice } from "./notice";
import { Pager } from "./pager";
import { card, sectionHeading, sectionText, tbody, td, th, thead } from "./table-classes";
import { TableRegion } from "./table-region";

const RUNNING_REFRESH_MS = 10_000;
const DONE_REFRESH_MS = 60_000;
/** New results are read at most this often while children complete (a page of embeddings is large). */
const REREAD_MS = 5_000;

/**
 * The completed children's results, paged by child index (`offset` → `page.nextOffset`; a page
 * may end early when its results are large). Read apart from the counts, so the frequent live
 * re-reads of the batch stay small.
 */
export function BatchesResults(props: { batchId: string; total: number; completed: number; running: boolean; onUnauthorized: () => void }) {
  const { batchId } = props;
  // Offsets of this page and the ones before it.
  const [offsets, setOffsets] = useState<number[]>([0]);
  const offset = offsets.at(-1) ?? 0;
  const read = usePolling<BatchDetail | null>({
    key: `${batchId}:${offset}`,
    fetch: async (signal) => {
      try {
        return await api.batches.get.query({ id: batchId, offset, limit: BATCH_RESULTS_PAGE }, { signal });
      } catch (err) {
        if (httpStatusOf(err) === 404) return null;
        throw err;
      }
    },
    intervalMs: props.running ? RUNNING_REFRESH_MS : DONE_REFRESH_MS,
    onUnauthorized: props.onUnauthorized,
  });

  // More children completed (or the batch ended): read this page again, throttled.
  const reread = useThrottled(read.refresh, REREAD_MS);
  const seen = useRef({ completed: props.completed, running: props.running });
  useEffect(() => {
    const before = seen.current;
    seen.current = { completed: props.completed, running: props.running };
    if (before.completed !== props.completed || before.running !== props.running) reread();
  }, [props.completed, props.running, reread]);

  const page = read.data;
  const results = page?.results ?? [];
  const end = page ? (page.page.nextOffset ?? props.total) : offset;
  const range =
    page && end > offset ? `Children ${formatInt(offset)}–${formatInt(end - 1)} of ${formatInt(props.total)} (indexes from 0).` : "";

  return (
    <section aria-labelledby="batch-results-heading" className={`${card} space-y-3`}>
      <div>
        <h2 id="batch-results-heading" className={sectionHeading}>
          Results
        </h2>
        <p className={sectionText}>
          Completed children in input order, with a summary of each result; the task holds the whole result. {range}
        </p>
      </div>
      {page === null ? (
        read.error ? (
          <Notice tone="error">Could not load the results: {read.error}. Retrying.</Notice>
        ) : (
          <p className="py-4 text-sm text-slate-600 dark:text-slate-300">{read.updatedAt ? "The batch is gone." : "Loading results…"}</p>
        )
      ) : results.length === 0 && !read.stale ? (
        <p data-empty="" className="rounded-lg border border-dashed border-slate-400 px-4 py-6 text-center text-sm text-slate-700 dark:border-slate-500 dark:text-slate-200">
          {props.running ? "No completed children on this page yet." : "No child on this page completed."}
        </p>
      ) : (
        <TableRegion captionId="batch-results-caption" caption="Completed children: index, task and result" busy={read.stale}>
          <thead className={thead}>
            <tr>
              <th scope="col" className={`${th} text-right`}>Index</th>
              <th scope="col" className={th}>Task</th>
              <th scope="col" className={th}>Result</th>
            </tr>
          </thead>
          <tbody className={tbody}>
            {results.map((r) => (
              <tr key={r.taskId} data-result={r.index}>
                <th scope="row" className={`${td} text-right font-normal tabular-nums`}>
                  {formatInt(r.index)}
                </th>
                <td className={`${td} min-w-40 font-mono text-xs break-all`}>
                  <Link href={taskHref(r.taskId)} className="rounded-sm text-blue-800 underline underline-offset-2 dark:text-blue-300">
                    {r.taskId}
                  </Link>
                </td>
                <td className={`${td} min-w-56 break-words`} data-col="summary">
                  {summariseResult(r.result)}
                </td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      )}
      {page && (offsets.length > 1 || page.page.nextOffset !== null) ? (
        <Pager
          label="Result pages"
          page={offsets.length}
          shown={results.length}
          hasPrevious={offsets.length > 1}
          hasNext={page.page.nextOffset !== null}
          loading={read.stale}
          unit={["result", "results"]}
          onPrevious={() => setOffsets((o) => (o.length > 1 ? o.slice(0, -1) : o))}
          onNext={() => {
            const next = page.page.nextOffset;
            if (next !== null) setOffsets((o) => [...o, next]);
          }}
        />
      ) : null}
    </section>
  );
}
