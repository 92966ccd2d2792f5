"use client";

import { useCallback, useMemo, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { describeTaskFilter, isEmptyTaskFilter, taskFilterToInput, taskViewFromSearch, taskViewToSearch, type TaskView } from "../lib/task-filter";
import type { TaskListPage } from "../lib/task-page";
import { api } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { useAuth } from "./auth-provider";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { Pager } from "./pager";
import { RefreshState } from "./refresh-state";
import { sectionHeading, sectionText } from "./table-classes";
import { TaskExplorerBulk } from "./task-explorer-bulk";
import { TaskExplorerFilters } from "./task-explorer-filters";
import { TaskExplorerLookup } from "./task-explorer-lookup";
import { TaskExplorerTable } from "./task-explorer-table";
import { useRowSelection } from "./use-row-selection";

const REFRESH_MS = 5_000;

/** The task explorer: filters in the URL, tasks newest first with cursor paging, bulk actions, id lookup. */
export function TaskExplorerView(props: { pools: readonly string[]; types: readonly string[] }) {
  const { signOut, can, status, session } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const view = useMemo(() => taskViewFromSearch(new URLSearchParams(search)), [search]);
  // Cursors of the pages before this one's, per URL (new filters start at the first page).
  const [paging, setPaging] = useState<{ search: string; cursors: string[] }>({ search, cursors: [] });
  const cursors = paging.search === search ? paging.cursors : [];

  const cursor = cursors.at(-1);
  const query = useMemo(
    () => ({ ...taskFilterToInput(view.filter), limit: view.limit, ...(cursor ? { cursor } : {}) }),
    [view, cursor],
  );
  const list = usePolling<TaskListPage>({
    key: JSON.stringify(query),
    fetch: (signal) => api.tasks.list.query(query, { signal }),
    intervalMs: REFRESH_MS,
    onUnauthorized,
  });
  const items = list.data?.items ?? null;

  const { selected, selectedIds, select, selectAll, clear } = useRowSelection(items);

  const apply = useCallback(
    (next: TaskView) => {
      clear();
      router.push(`${pathname}${taskViewToSearch(next)}`, { scroll: false });
    },
    [router, pathname, clear],
  );

  const header = (
    <PageHeader
      title="Tasks"
      description="Every task in the history: search by text, filter, open one for its payload, result and live progress, or act on many at once."
      aside={<RefreshState what="Task list" everyMs={REFRESH_MS} error={list.error} paused={list.paused} updatedAt={list.updatedAt} />}
    />
  );
  if (status === "session" && !can("tasks:read")) {
    return (
      <div className="space-y-6">
        {header}
        <Notice>Reading tasks needs the viewer role or above. Your role is {session?.user.role}.</Notice>
      </div>
    );
  }

  const filtered = !isEmptyTaskFilter(view.filter);

  return (
    <div className="space-y-6">
      {header}
      <TaskExplorerLookup onUnauthorized={onUnauthorized} />
      <TaskExplorerFilters key={search} pools={props.pools} types={props.types} applied={view} onApply={apply} />

      <section aria-labelledby="task-list-heading" className="space-y-3">
        <div>
          <h2 id="task-list-heading" className={sectionHeading}>
            Tasks
          </h2>
          <p className={sectionText}>Filters applied: {describeTaskFilter(view.filter)}. Newest first.</p>
        </div>

        {can("tasks:control") ? (
          <TaskExplorerBulk
            filter={view.filter}
            selectedIds={selectedIds}
            onUnauthorized={onUnauthorized}
            onDone={() => {
              clear();
              list.refresh();
            }}
          />
        ) : null}

        {items === null || (list.stale && items.length === 0) ? (
          list.error ? (
            <Notice tone="error">
              Could not load the tasks: {list.error}. Retrying every {REFRESH_MS / 1_000} seconds.
            </Notice>
          ) : (
            <p className="py-8 text-sm text-slate-600 dark:text-slate-300">Loading tasks…</p>
          )
        ) : (
          <>
            {list.error ? <Notice tone="error">Could not refresh the tasks: {list.error}.</Notice> : null}
            {items.length === 0 ? (
              <p
                data-empty=""
                className="rounded-lg border border-dashed border-slate-400 px-4 py-8 text-center text-sm text-slate-700 dark:border-slate-500 dark:text-slate-200"
              >
                {cursors.length > 0 ? "No more tasks on this page." : filtered ? "No tasks match these filters." : "No tasks yet."}
              </p>
            ) : (
              <TaskExplorerTable
                items={items}
                busy={list.stale}
                selected={selected}
                onSelect={select}
                onSelectAll={selectAll}
              />
            )}
          </>
        )}

        {items !== null && (cursors.length > 0 || list.data?.nextCursor) ? (
          <Pager
            label="Task pages"
            page={cursors.length + 1}
            shown={items.length}
            hasPrevious={cursors.length > 0}
            hasNext={Boolean(list.data?.nextCursor)}
            loading={list.stale}
            onPrevious={() => {
              setPaging({ search, cursors: cursors.slice(0, -1) });
              clear();
            }}
            onNext={() => {
              const next = list.data?.nextCursor;
              if (next) {
                setPaging({ search, cursors: [...cursors, next] });
                clear();
              }
            }}
          />
        ) : null}
      </section>
    </div>
  );
}
