"use client";

import { useCallback } from "react";
import { api } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { useAuth } from "./auth-provider";
import { CollectionsAddForm } from "./collections-add-form";
import { CollectionsSearch } from "./collections-search";
import { CollectionsTable, type CollectionRow } from "./collections-table";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { RefreshState } from "./refresh-state";
import { card, sectionHeading, sectionText } from "./table-classes";

const REFRESH_MS = 15_000;
/** Collections whose documents are counted on each refresh (each count reads the collection's chunk metadata). */
const COUNTED = 50;
/** Counted at once: one tRPC batch each, well under the server's batch limit. */
const COUNT_GROUP = 5;

async function fetchRows(signal: AbortSignal): Promise<CollectionRow[]> {
  const { collections } = await api.collections.list.query(undefined, { signal });
  const sorted = [...collections].sort((a, b) => a.name.localeCompare(b.name));
  const rows: CollectionRow[] = [];
  for (let i = 0; i < sorted.length; i += COUNT_GROUP) {
    const group = sorted.slice(i, i + COUNT_GROUP);
    const details = await Promise.all(
      group.map((c, j) =>
        i + j < COUNTED ? api.collections.get.query({ name: c.name }, { signal }).catch(() => null) : Promise.resolve(null),
      ),
    );
    group.forEach((c, j) => {
      const d = details[j] ?? null;
      rows.push({ name: c.name, chunks: d?.chunks ?? c.chunks, documents: d ? d.documents.length : null, truncated: d?.truncated ?? false });
    });
  }
  return rows;
}

/** The Chroma collections with their documents and chunks, a question over one of them, and (for writers) adding a document. */
export function CollectionsView() {
  const { signOut, can } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const list = usePolling({ key: "collections", fetch: fetchRows, intervalMs: REFRESH_MS, onUnauthorized });
  const rows = list.data;
  const mayWrite = can("collections:write");

  return (
    <div className="space-y-6">
      <PageHeader
        title="Collections"
        description="The document collections in Chroma that RAG questions are answered from: each document is cleaned, split into token-sized chunks and embedded. Open a collection for its documents."
        aside={<RefreshState what="Collections" everyMs={REFRESH_MS} error={list.error} paused={list.paused} updatedAt={list.updatedAt} />}
      />

      <section aria-labelledby="collections-heading" className="space-y-3">
        <div>
          <h2 id="collections-heading" className={sectionHeading}>
            Collections
          </h2>
          <p className={sectionText}>By name. A document counts once however many chunks it has.</p>
        </div>
        {rows === null ? (
          list.error ? (
            <Notice tone="error">
              <p>Could not load the collections: {list.error}. Retrying every {REFRESH_MS / 1_000} seconds.</p>
            </Notice>
          ) : (
            <p className="py-6 text-sm text-slate-600 dark:text-slate-300">Loading collections…</p>
          )
        ) : rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-400 px-4 py-8 text-center text-sm text-slate-700 dark:border-slate-500 dark:text-slate-200">
            No collections yet.{mayWrite ? " Add a document below to create one." : ""}
          </p>
        ) : (
          <CollectionsTable rows={rows} busy={list.stale} />
        )}
      </section>

      {rows !== null ? <CollectionsSearch collections={rows.map((r) => r.name)} /> : null}

      {mayWrite ? (
        <section aria-labelledby="collections-add-heading" className={`${card} space-y-4`}>
          <div>
            <h2 id="collections-add-heading" className={sectionHeading}>
              Add a document
            </h2>
            <p className={sectionText}>Plain text or Markdown. Larger imports and web pages go through the API or the CLI.</p>
          </div>
          <CollectionsAddForm onIngested={list.refresh} onUnauthorized={onUnauthorized} />
        </section>
      ) : null}
    </div>
  );
}
