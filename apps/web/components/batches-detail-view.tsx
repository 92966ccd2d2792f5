"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { httpStatusOf } from "../lib/api-error-status";
import { useThrottled } from "../lib/batch-live";
import { childNoun, latestProgress, type BatchDetail } from "../lib/batch-page";
import { formatInt } from "../lib/format";
import { LIVE_STATUS_WORDS } from "../lib/socket";
import { normaliseTaskId } from "../lib/task-filter";
import { useTaskLive } from "../lib/task-live";
import { api } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { useAuth } from "./auth-provider";
import { Breadcrumb } from "./breadcrumb";
import { MissingItem } from "./missing-item";
import { BatchesCancel } from "./batches-cancel";
import { BatchesCounts } from "./batches-counts";
import { BatchesDetailFacts } from "./batches-detail-facts";
import { BatchesFailuresTable } from "./batches-failures-table";
import { BatchesProgressBar } from "./batches-progress-bar";
import { BatchesResults } from "./batches-results";
import { BatchesStatusBadge } from "./batches-status-badge";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { RefreshState } from "./refresh-state";
import { card, sectionHeading, sectionText } from "./table-classes";

/** Re-read while it runs (live events trigger reads sooner; this is the fallback), rarely once ended. */
const LIVE_REFRESH_MS = 5_000;
const DONE_REFRESH_MS = 30_000;
/** Progress events re-read the counts at most this often. */
const REREAD_MS = 1_000;

/** One batch: facts, live progress and the children by status, failures, paged results, and Cancel. */
export function BatchesDetailView({ id }: { id: string }) {
  const { signOut, token, can } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const batchId = normaliseTaskId(id);
  const [ended, setEnded] = useState(false);

  // Counts, progress and failures only (limit 0): read often, so kept small; results are read apart.
  const read = usePolling<BatchDetail | null>({
    key: batchId ?? "",
    fetch: async (signal) => {
      if (!batchId) return null;
      try {
        const b = await api.batches.get.query({ id: batchId, limit: 0 }, { signal });
        setEnded(b.status !== "running");
        return b;
      } catch (err) {
        if (httpStatusOf(err) === 404) return null;
        throw err;
      }
    },
    intervalMs: ended ? DONE_REFRESH_MS : LIVE_REFRESH_MS,
    onUnauthorized,
  });
  const batch = read.data;
  const missing = batchId === null || (read.updatedAt !== null && batch === null);

  // A state change re-reads at once and once more shortly after (the history row of an end is
  // written a moment after its event); progress re-reads are throttled.
  const reread = useThrottled(read.refresh, REREAD_MS);
  const onChange = useCallback(() => {
    read.refresh();
    setTimeout(reread, REREAD_MS);
  }, [read.refresh, reread]);
  const live = useTaskLive({ taskId: batchId ?? "", token: token ?? null, enabled: !missing, onChange, onUnauthorized });
  const lastEvent = live.events.at(-1);
  useEffect(() => {
    if (lastEvent?.kind === "progress") reread();
  }, [lastEvent, reread]);

  const progress = useMemo(() => {
    if (!batch) return null;
    if (batch.status !== "running") return batch.progress;
    const last = [...live.events].reverse().find((e) => e.kind === "progress" && e.progress);
    const p = last?.progress;
    return latestProgress(batch.progress, p ? { percent: p.percent, message: p.message ?? null } : undefined);
  }, [batch, live.events]);

  // Announce an ending seen on this page (not every percent): "The batch completed: …".
  const [announcement, setAnnouncement] = useState("");
  const seenStatus = useRef<string | null>(null);
  useEffect(() => {
    if (!batch) return;
    const before = seenStatus.current;
    seenStatus.current = batch.status;
    if (before === "running" && (batch.status === "completed" || batch.status === "failed")) {
      setAnnouncement(`The batch ${batch.status}${batch.progress.message ? `: ${batch.progress.message}` : ""}.`);
    }
  }, [batch]);

  if (missing) {
    return (
      <MissingItem
        parentHref="/batches"
        parentLabel="Batches"
        noun="Batch"
        id={id}
        title="Batch not found"
        description="The batch may have been removed with the history, or the id is mistyped."
        linkText="See all batches"
      />
    );
  }

  return (
    <div className="space-y-6">
      <Breadcrumb parentHref="/batches" parentLabel="Batches" current={`Batch ${batchId}`} />
      <PageHeader
        title={
          <>
            Batch <span className="font-mono break-all">{batchId}</span>
          </>
        }
        badge={batch ? <BatchesStatusBadge status={batch.status} /> : null}
        description={
          batch
            ? `A ${batch.kind} batch of ${formatInt(batch.total)} ${childNoun(batch.kind, batch.total)} at ${batch.priority} priority.`
            : "Loading the batch…"
        }
        aside={
          <RefreshState
            what="Batch"
            everyMs={ended ? DONE_REFRESH_MS : LIVE_REFRESH_MS}
            error={read.error}
            paused={read.paused}
            updatedAt={read.updatedAt}
          />
        }
      />

      {batch === null ? (
        read.error ? (
          <Notice tone="error">Could not load the batch: {read.error}. Retrying.</Notice>
        ) : (
          <p className="py-8 text-sm text-slate-600 dark:text-slate-300">Loading the batch…</p>
        )
      ) : (
        <>
          {can("tasks:control") ? <BatchesCancel batch={batch} onChanged={onChange} onUnauthorized={onUnauthorized} /> : null}
          <BatchesDetailFacts batch={batch} />

          <section aria-labelledby="batch-progress-heading" className={`${card} space-y-4`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="batch-progress-heading" className={sectionHeading}>
                Progress
              </h2>
              <p className={sectionText} data-live={live.status}>
                Live updates: {LIVE_STATUS_WORDS[live.status]}
                {live.error ? ` (${live.error})` : ""}
              </p>
            </div>
            <BatchesProgressBar
              id="batch-progress"
              label="Batch progress"
              visibleLabel
              percent={progress?.percent ?? 0}
              message={progress?.message ?? null}
            />
            <p role="status" aria-live="polite" aria-atomic="true" className="sr-only">
              {announcement}
            </p>
            <div className="max-w-md">
              <BatchesCounts counts={batch.counts} total={batch.total} />
            </div>
          </section>

          <section aria-labelledby="batch-failures-heading" className={`${card} space-y-3`}>
            <div>
              <h2 id="batch-failures-heading" className={sectionHeading}>
                Failures
              </h2>
              <p className={sectionText}>
                {batch.failuresTruncated
                  ? `The first ${formatInt(batch.failures.length)} of ${formatInt(batch.counts.dead)} failed children.`
                  : "Children that failed for good (a failed child does not fail the batch)."}
              </p>
            </div>
            {batch.failures.length === 0 ? (
              <p data-empty="" className="text-sm text-slate-700 dark:text-slate-200">
                No child has failed.
              </p>
            ) : (
              <BatchesFailuresTable failures={batch.failures} />
            )}
          </section>

          <BatchesResults
            batchId={batchId}
            total={batch.total}
            completed={batch.counts.completed}
            running={batch.status === "running"}
            onUnauthorized={onUnauthorized}
          />
        </>
      )}
    </div>
  );
}
