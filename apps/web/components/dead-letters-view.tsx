"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import type { DeadLetterPage } from "../lib/dead-letter-page";
import { describeFilter, EMPTY_FILTER, filterToInput, isEmptyFilter, type DeadLetterFilter } from "../lib/dead-letter-filter";
import { formatDateTime, formatInt } from "../lib/format";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { useAuth } from "./auth-provider";
import { primaryButton, secondaryButton } from "./button-classes";
import { ConfirmPanel } from "./confirm-panel";
import { DeadLetterFilters } from "./dead-letter-filters";
import { DeadLettersTable } from "./dead-letters-table";
import { AlertMessage, StatusMessage } from "./live-message";
import { PageHeader } from "./page-header";
import { Pager } from "./pager";
import { RefreshState } from "./refresh-state";
import { useRowSelection } from "./use-row-selection";

const REFRESH_MS = 5_000;
const DEFAULT_PAGE_SIZE = 25;

interface Outcome {
  seq: number;
  text: string;
  skipped: Array<{ id: string; reason: string }>;
}

type RedriveInput = { ids: string[] } | { filter: ReturnType<typeof filterToInput> };

/** Dead tasks: filter, inspect each attempt, and redrive a selection or everything matching. */
export function DeadLettersView(props: { pools: readonly string[]; types: readonly string[] }) {
  const { signOut } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);

  const [filter, setFilter] = useState<DeadLetterFilter>(EMPTY_FILTER);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  // Cursors of the pages before this one's; the first page has none.
  const [cursors, setCursors] = useState<string[]>([]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<"selected" | "all" | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const redriveAllRef = useRef<HTMLButtonElement>(null);

  const cursor = cursors.at(-1);
  const query = useMemo(
    () => ({ ...filterToInput(filter), limit: pageSize, ...(cursor ? { cursor } : {}) }),
    [filter, pageSize, cursor],
  );
  const list = usePolling<DeadLetterPage>({
    key: JSON.stringify(query),
    fetch: (signal) => api.deadLetters.list.query(query, { signal }),
    intervalMs: REFRESH_MS,
    onUnauthorized,
  });
  const items = list.data?.items ?? null;

  const { selected, selectedIds, select, selectAll, clear } = useRowSelection(items);

  function startOver(): void {
    setCursors([]);
    clear();
  }

  async function redrive(kind: "selected" | "all", input: RedriveInput, what: string): Promise<void> {
    if (busy) return;
    setBusy(kind);
    setAlert(null);
    try {
      const r = await api.deadLetters.redrive.mutate(input);
      setOutcome((prev) => ({
        seq: (prev?.seq ?? 0) + 1,
        text: `${what}: ${formatInt(r.requested)} requested, ${formatInt(r.redriven)} redriven, ${formatInt(r.skipped.length)} skipped.`,
        skipped: r.skipped,
      }));
      clear();
      if (kind === "all") setCursors([]);
      list.refresh();
    } catch (err) {
      if (isUnauthorized(err)) {
        onUnauthorized();
        return;
      }
      setAlert(`Could not redrive: ${describeError(err)}.`);
    } finally {
      setBusy(null);
    }
  }

  const filtered = !isEmptyFilter(filter);
  const formatSince = (iso: string): string => formatDateTime(iso);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Dead letters"
        description="Tasks that exhausted their retries or failed with an error that is not retried. Inspect each attempt, then redrive them once the cause is fixed: each runs again as a new run of the same task."
        aside={
          <RefreshState what="Dead letters" everyMs={REFRESH_MS} error={list.error} paused={list.paused} updatedAt={list.updatedAt} />
        }
      />

      <DeadLetterFilters
        pools={props.pools}
        types={props.types}
        applied={filter}
        pageSize={pageSize}
        onApply={(f, size) => {
          setFilter(f);
          setPageSize(size);
          startOver();
        }}
      />

      <section aria-labelledby="dead-list-heading" className="space-y-3">
        <div className="flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
          <div>
            <h2 id="dead-list-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
              Dead tasks
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-300">
              Filters applied: {describeFilter(filter, formatSince)}. Newest first.
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={primaryButton}
              aria-disabled={selectedIds.length === 0 || busy !== null || undefined}
              onClick={() => {
                if (selectedIds.length > 0) void redrive("selected", { ids: selectedIds }, "Redrive selected");
              }}
            >
              {busy === "selected" ? "Redriving…" : `Redrive selected (${formatInt(selectedIds.length)})`}
            </button>
            <button
              ref={redriveAllRef}
              type="button"
              className={secondaryButton}
              aria-expanded={confirmAll}
              aria-disabled={busy !== null || undefined}
              onClick={() => busy === null && setConfirmAll(true)}
            >
              Redrive all matching…
            </button>
          </div>
        </div>

        {confirmAll ? (
          <ConfirmPanel
            title={filtered ? "Redrive every dead task matching the filters?" : "Redrive every dead task?"}
            confirmLabel="Redrive all matching"
            busy={busy === "all"}
            busyLabel="Redriving…"
            onCancel={() => {
              setConfirmAll(false);
              redriveAllRef.current?.focus();
            }}
            onConfirm={() => {
              void redrive("all", { filter: filterToInput(filter) }, "Redrive all matching").finally(() => {
                setConfirmAll(false);
                redriveAllRef.current?.focus();
              });
            }}
          >
            {filtered ? (
              <p>Matching {describeFilter(filter, formatSince)}, on every page, not only this one.</p>
            ) : (
              <p>No filters are applied: this runs every dead task of every pool again.</p>
            )}
            <p className="mt-1">Each runs again as a new run, keeping its attempt history.</p>
          </ConfirmPanel>
        ) : null}

        <AlertMessage>{alert}</AlertMessage>
        <StatusMessage seq={outcome?.seq} tone={outcome && outcome.skipped.length > 0 ? "warning" : "success"}>
          {outcome?.text}
        </StatusMessage>
        {outcome && outcome.skipped.length > 0 ? (
          <div className="text-sm text-slate-800 dark:text-slate-100">
            <p className="font-medium">Skipped:</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              {outcome.skipped.map((s) => (
                <li key={s.id}>
                  <span className="font-mono text-xs">{s.id}</span>: {s.reason}
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        {items === null || (list.stale && items.length === 0) ? (
          list.error ? (
            <p className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
              Could not load the dead letters: {list.error}. Retrying every {REFRESH_MS / 1_000} seconds.
            </p>
          ) : (
            <p className="py-8 text-sm text-slate-600 dark:text-slate-300">Loading dead letters…</p>
          )
        ) : items.length === 0 ? (
          <p data-empty="" className="rounded-lg border border-dashed border-slate-400 px-4 py-8 text-center text-sm text-slate-700 dark:border-slate-500 dark:text-slate-200">
            {cursors.length > 0
              ? "No more dead tasks on this page."
              : filtered
                ? "No dead tasks match these filters."
                : "No dead tasks. Tasks that exhaust their retries show up here."}
          </p>
        ) : (
          <DeadLettersTable
            items={items}
            busy={list.stale}
            selected={selected}
            expanded={expanded}
            onSelect={select}
            onSelectAll={selectAll}
            onToggleHistory={(id) =>
              setExpanded((prev) => {
                const next = new Set(prev);
                if (!next.delete(id)) next.add(id);
                return next;
              })
            }
          />
        )}

        {items !== null && (cursors.length > 0 || list.data?.nextCursor) ? (
          <Pager
            label="Dead letter pages"
            page={cursors.length + 1}
            shown={items.length}
            hasPrevious={cursors.length > 0}
            hasNext={Boolean(list.data?.nextCursor)}
            loading={list.stale}
            onPrevious={() => {
              setCursors((c) => c.slice(0, -1));
              clear();
            }}
            onNext={() => {
              const next = list.data?.nextCursor;
              if (next) {
                setCursors((c) => [...c, next]);
                clear();
              }
            }}
          />
        ) : null}
      </section>
    </div>
  );
}
