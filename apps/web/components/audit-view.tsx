"use client";

import { useCallback, useMemo, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { describeAuditFilter, filterFromSearch, filterToInput, filterToSearch, type AuditFilter } from "../lib/audit-filter";
import { api } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { AuditChainStatus } from "./audit-chain-status";
import { AuditFilters } from "./audit-filters";
import { AuditTable } from "./audit-table";
import { useAuth } from "./auth-provider";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { Pager } from "./pager";
import { RefreshState } from "./refresh-state";
import { sectionHeading, sectionText } from "./table-classes";

const REFRESH_MS = 10_000;
const PAGE_SIZE = 50;

/** The audit review page: filters in the URL, entries newest first with cursor paging, details, integrity. */
export function AuditView() {
  const { signOut, can, status, session } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const filter = useMemo(() => filterFromSearch(new URLSearchParams(search)), [search]);
  // Cursors of the pages before this one's, per filter (a new filter starts at the first page).
  const [paging, setPaging] = useState<{ search: string; cursors: string[] }>({ search, cursors: [] });
  const cursors = paging.search === search ? paging.cursors : [];
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const cursor = cursors.at(-1);
  const query = useMemo(() => ({ ...filterToInput(filter), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }), [filter, cursor]);
  const list = usePolling({
    key: JSON.stringify(query),
    fetch: (signal) => api.audit.list.query(query, { signal }),
    intervalMs: REFRESH_MS,
    onUnauthorized,
  });
  const entries = list.data?.entries ?? null;

  const apply = useCallback(
    (next: AuditFilter) => {
      setExpanded(new Set());
      router.push(`${pathname}${filterToSearch(next)}`, { scroll: false });
    },
    [router, pathname],
  );

  if (status === "session" && !can("audit:read")) {
    return (
      <div className="space-y-6">
        <PageHeader title="Audit log" description="Every change and security event, tamper-evident." />
        <Notice>Reading the audit log needs the auditor or admin role. Your role is {session?.user.role}.</Notice>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Every state-changing operation and security event (sign-ins, second factors, tokens, role changes, refusals), append-only and hash-chained."
        aside={<RefreshState what="Audit log" everyMs={REFRESH_MS} error={list.error} paused={list.paused} updatedAt={list.updatedAt} />}
      />

      <AuditChainStatus onUnauthorized={onUnauthorized} />

      <AuditFilters applied={filter} onApply={apply} />

      <section aria-labelledby="audit-list-heading" className="space-y-3">
        <div>
          <h2 id="audit-list-heading" className={sectionHeading}>
            Entries
          </h2>
          <p className={sectionText}>Filters applied: {describeAuditFilter(filter)}. Newest first.</p>
        </div>
        {entries === null ? (
          list.error ? (
            <Notice tone="error">Could not load the audit log: {list.error}.</Notice>
          ) : (
            <p className="py-6 text-sm text-slate-600 dark:text-slate-300">Loading entries…</p>
          )
        ) : entries.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-400 px-4 py-8 text-center text-sm text-slate-700 dark:border-slate-500 dark:text-slate-200">
            No entries match these filters.
          </p>
        ) : (
          <AuditTable
            entries={entries}
            expanded={expanded}
            busy={list.stale}
            onToggle={(id) =>
              setExpanded((prev) => {
                const next = new Set(prev);
                if (next.has(id)) next.delete(id);
                else next.add(id);
                return next;
              })
            }
          />
        )}
        <Pager
          label="Audit log pages"
          page={cursors.length + 1}
          shown={entries?.length ?? 0}
          unit={["entry", "entries"]}
          hasPrevious={cursors.length > 0}
          hasNext={Boolean(list.data?.nextCursor)}
          loading={list.stale}
          onPrevious={() => setPaging({ search, cursors: cursors.slice(0, -1) })}
          onNext={() => {
            const next = list.data?.nextCursor;
            if (next) setPaging({ search, cursors: [...cursors, next] });
          }}
        />
      </section>
    </div>
  );
}
