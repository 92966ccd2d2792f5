"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TaskEvent } from "@switchyard/shared/events";
import { useBatchPoolLive, useThrottled } from "../lib/batch-live";
import { DEFAULT_BATCH_PAGE_SIZE, latestProgress, type BatchListPage, type BatchRow } from "../lib/batch-page";
import { formatInt } from "../lib/format";
import { api } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { useAuth } from "./auth-provider";
import { BatchesFilters, type BatchesFilter } from "./batches-filters";
import { BatchesScrapeForm } from "./batches-scrape-form";
import { batchStatusLabel } from "./batches-status-badge";
import { BatchesTable } from "./batches-table";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { Pager } from "./pager";
import { RefreshState } from "./refresh-state";
import { card, sectionHeading, sectionText } from "./table-classes";

const REFRESH_MS = 5_000;
/** Live progress is folded in at most this often (a busy batch reports many times a second). */
const FLUSH_MS = 500;
/** A batch started, ended or was cancelled: re-read the list, at most this often. */
const REREAD_MS = 2_000;

type LiveProgress = ReadonlyMap<string, { percent: number; message: string | null }>;

/** "3 batches on this page: 1 running, 2 completed." Changes only when a status does. */
function summaryOf(items: readonly BatchRow[]): string {
  const by = new Map<string, number>();
  for (const b of items) by.set(b.status, (by.get(b.status) ?? 0) + 1);
  const parts = [...by].map(([status, n]) => `${formatInt(n)} ${batchStatusLabel(status).toLowerCase()}`);
  return `${formatInt(items.length)} ${items.length === 1 ? "batch" : "batches"} on this page: ${parts.join(", ")}.`;
}

/** Batches newest first, live progress of the running ones, and (for submitters) a form to start a scrape batch. */
export function BatchesView() {
  const { signOut, can, token } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const [filter, setFilter] = useState<BatchesFilter>({ kind: null, limit: DEFAULT_BATCH_PAGE_SIZE });
  // Cursors of the pages before this one's; the first page has none.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const query = useMemo(
    () => ({ limit: filter.limit, ...(filter.kind ? { kind: filter.kind } : {}), ...(cursor ? { cursor } : {}) }),
    [filter, cursor],
  );
  const list = usePolling<BatchListPage>({
    key: JSON.stringify(query),
    fetch: (signal) => api.batches.list.query(query, { signal }),
    intervalMs: REFRESH_MS,
    onUnauthorized,
  });

  // Progress events of the batch pool, folded per batch and shown over the last read.
  const [live, setLive] = useState<LiveProgress>(new Map());
  const pending = useRef(new Map<string, { percent: number; message: string | null }>());
  const listed = useRef<ReadonlySet<string>>(new Set());
  useEffect(() => {
    listed.current = new Set(list.data?.items.map((b) => b.id) ?? []);
  }, [list.data]);
  const flush = useThrottled(() => {
    const batch = new Map(pending.current);
    pending.current.clear();
    setLive((prev) => {
      const next = new Map<string, { percent: number; message: string | null }>();
      for (const [id, p] of prev) if (listed.current.has(id)) next.set(id, p);
      for (const [id, p] of batch) if (listed.current.has(id)) next.set(id, p);
      return next;
    });
  }, FLUSH_MS);
  const reread = useThrottled(list.refresh, REREAD_MS);
  const onEvent = useCallback(
    (ev: TaskEvent) => {
      if (ev.kind === "progress") {
        if (!ev.progress) return;
        pending.current.set(ev.taskId, { percent: ev.progress.percent, message: ev.progress.message ?? null });
        flush();
      } else {
        reread();
      }
    },
    [flush, reread],
  );
  const poolLive = useBatchPoolLive({ token: token ?? null, enabled: can("tasks:read-all"), onEvent, onUnauthorized });

  const items = useMemo(
    () => list.data?.items.map((b) => (b.status === "running" ? { ...b, progress: latestProgress(b.progress, live.get(b.id)) } : b)) ?? null,
    [list.data, live],
  );

  const filtered = filter.kind !== null;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Batches"
        description="Scrape and embed batches: one parent task that splits its input into child tasks at the batch's priority and follows them. Running batches update live; open one for its children, failures and results."
        aside={<RefreshState what="Batches" everyMs={REFRESH_MS} error={list.error} paused={list.paused} updatedAt={list.updatedAt} />}
      />

      <section aria-labelledby="batches-heading" className="space-y-3">
        <div className="flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
          <div>
            <h2 id="batches-heading" className={sectionHeading}>
              Batches
            </h2>
            <p className={sectionText}>
              Newest first{filter.kind ? `, ${filter.kind} batches only` : ""}.
              {poolLive.status === "connected" ? " Progress updates live." : ` Progress refreshes every ${REFRESH_MS / 1_000} seconds.`}
            </p>
          </div>
          <BatchesFilters
            applied={filter}
            onApply={(f) => {
              setFilter(f);
              setCursors([]);
            }}
          />
        </div>
        {/* One polite line instead of a live table: statuses, not every percent, are announced. */}
        <p role="status" aria-live="polite" aria-atomic="true" className="text-sm text-slate-700 dark:text-slate-200" data-summary="">
          {items && items.length > 0 ? summaryOf(items) : ""}
        </p>

        {items === null || (list.stale && items.length === 0) ? (
          list.error ? (
            <Notice tone="error">
              Could not load the batches: {list.error}. Retrying every {REFRESH_MS / 1_000} seconds.
            </Notice>
          ) : (
            <p className="py-8 text-sm text-slate-600 dark:text-slate-300">Loading batches…</p>
          )
        ) : items.length === 0 ? (
          <p data-empty="" className="rounded-lg border border-dashed border-slate-400 px-4 py-8 text-center text-sm text-slate-700 dark:border-slate-500 dark:text-slate-200">
            {cursors.length > 0
              ? "No more batches on this page."
              : filtered
                ? `No ${filter.kind ?? ""} batches yet.`
                : "No batches yet. Start one below, with the API (POST /api/v1/batches/scrape) or with switchyard batches."}
          </p>
        ) : (
          <BatchesTable items={items} busy={list.stale} />
        )}

        {items !== null && (cursors.length > 0 || list.data?.nextCursor) ? (
          <Pager
            label="Batch pages"
            page={cursors.length + 1}
            shown={items.length}
            hasPrevious={cursors.length > 0}
            hasNext={Boolean(list.data?.nextCursor)}
            loading={list.stale}
            unit={["batch", "batches"]}
            onPrevious={() => setCursors((c) => c.slice(0, -1))}
            onNext={() => {
              const next = list.data?.nextCursor;
              if (next) setCursors((c) => [...c, next]);
            }}
          />
        ) : null}
      </section>

      {can("tasks:submit") ? (
        <section aria-labelledby="batches-start-heading" className={`${card} space-y-4`}>
          <div>
            <h2 id="batches-start-heading" className={sectionHeading}>
              Start a scrape batch
            </h2>
            <p className={sectionText}>
              Each URL becomes one scrape task, run at the batch&apos;s priority through the SSRF guard, robots.txt and per-host rate limits. Embed batches are started with the API or the CLI.
            </p>
          </div>
          <BatchesScrapeForm
            onSubmitted={() => {
              // The new batch is the newest: show the first page.
              setCursors([]);
              list.refresh();
            }}
            onUnauthorized={onUnauthorized}
          />
        </section>
      ) : null}
    </div>
  );
}
