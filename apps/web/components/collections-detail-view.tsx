"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { httpStatusOf } from "../lib/api-error-status";
import { collectionNameProblem, type CollectionDetail, type CollectionDocument } from "../lib/collections";
import { formatInt } from "../lib/format";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { useAuth } from "./auth-provider";
import { Breadcrumb } from "./breadcrumb";
import { CollectionsAddForm } from "./collections-add-form";
import { CollectionsDelete } from "./collections-delete";
import { CollectionsDocumentsTable } from "./collections-documents-table";
import { CollectionsSearch } from "./collections-search";
import { ConfirmPanel } from "./confirm-panel";
import { AlertMessage, StatusMessage } from "./live-message";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { RefreshState } from "./refresh-state";
import { card, sectionHeading, sectionText } from "./table-classes";

const REFRESH_MS = 10_000;

const linkClass = "rounded-sm text-blue-800 underline underline-offset-2 dark:text-blue-300";

/** One collection: its documents (chunks on demand, delete for writers), a question over it, adding a document, deleting it. */
export function CollectionsDetailView({ name }: { name: string }) {
  const { signOut, can } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const valid = collectionNameProblem(name) === null;
  const mayWrite = can("collections:write");
  const [deleted, setDeleted] = useState(false);
  const [removing, setRemoving] = useState<CollectionDocument | null>(null);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ seq: number; text: string } | null>(null);
  const deleteButton = useRef<HTMLButtonElement | null>(null);
  const deletedRef = useRef<HTMLDivElement>(null);

  const read = usePolling<CollectionDetail | null>({
    key: name,
    fetch: async (signal) => {
      if (!valid) return null;
      try {
        return await api.collections.get.query({ name }, { signal });
      } catch (err) {
        if (httpStatusOf(err) === 404) return null;
        throw err;
      }
    },
    intervalMs: REFRESH_MS,
    onUnauthorized,
  });
  const detail = read.data;
  const missing = !valid || (read.updatedAt !== null && detail === null);

  useEffect(() => {
    if (deleted) deletedRef.current?.focus();
  }, [deleted]);

  function closeRemove(): void {
    setRemoving(null);
    if (deleteButton.current?.isConnected) deleteButton.current.focus();
  }

  async function removeDocument(doc: CollectionDocument): Promise<void> {
    if (busy) return;
    setBusy(true);
    setAlert(null);
    try {
      const r = await api.collections.deleteDocument.mutate({ name, id: doc.id });
      setOutcome((prev) => ({
        seq: (prev?.seq ?? 0) + 1,
        text: `Document “${doc.id}” deleted: ${formatInt(r.deletedChunks)} ${r.deletedChunks === 1 ? "chunk" : "chunks"} removed.`,
      }));
      read.refresh();
    } catch (err) {
      if (isUnauthorized(err)) return onUnauthorized();
      setAlert(`Could not delete the document “${doc.id}”: ${describeError(err)}.`);
    } finally {
      setBusy(false);
      closeRemove();
    }
  }

  if (deleted) {
    return (
      <div className="space-y-6">
        <Breadcrumb parentHref="/collections" parentLabel="Collections" current={name} />
        <PageHeader title="Collection deleted" description={`The collection ${name} and all its chunks were removed.`} />
        <div ref={deletedRef} tabIndex={-1} role="status" className="rounded-md">
          <Notice>
            <p>
              The collection <span className="font-mono">{name}</span> was deleted.{" "}
              <Link href="/collections" className={linkClass}>
                Back to the collections
              </Link>
              .
            </p>
          </Notice>
        </div>
      </div>
    );
  }

  if (missing) {
    return (
      <div className="space-y-6">
        <Breadcrumb parentHref="/collections" parentLabel="Collections" current={name} />
        <PageHeader title="No such collection" description="The collection may have been deleted, or the name is mistyped." />
        <Notice tone="warning">
          <p>
            There is no collection named <span className="font-mono break-all">{name}</span>.{" "}
            <Link href="/collections" className={linkClass}>
              See the collections
            </Link>{" "}
            instead.
          </p>
        </Notice>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <Breadcrumb parentHref="/collections" parentLabel="Collections" current={name} />
      <PageHeader
        title={
          <>
            Collection <span className="font-mono break-all">{name}</span>
          </>
        }
        description={
          detail
            ? `${formatInt(detail.documents.length)} ${detail.documents.length === 1 ? "document" : "documents"}${detail.truncated ? " or more" : ""}, ${formatInt(detail.chunks)} ${detail.chunks === 1 ? "chunk" : "chunks"}.`
            : "Loading the collection…"
        }
        aside={<RefreshState what="Collection" everyMs={REFRESH_MS} error={read.error} paused={read.paused} updatedAt={read.updatedAt} />}
      />

      {detail === null ? (
        read.error ? (
          <Notice tone="error">
            <p>Could not load the collection: {read.error}. Retrying.</p>
          </Notice>
        ) : (
          <p className="py-8 text-sm text-slate-600 dark:text-slate-300">Loading the collection…</p>
        )
      ) : (
        <>
          <section aria-labelledby="documents-heading" className="space-y-3">
            <div>
              <h2 id="documents-heading" className={sectionHeading}>
                Documents
              </h2>
              <p className={sectionText}>
                In the order Chroma keeps them.
                {detail.truncated ? " Only the documents of the first 10,000 chunks are listed." : ""}
              </p>
            </div>
            <AlertMessage>{alert}</AlertMessage>
            <StatusMessage seq={outcome?.seq}>{outcome?.text}</StatusMessage>
            {removing ? (
              <ConfirmPanel
                title={`Delete the document “${removing.id}”?`}
                confirmLabel="Delete the document"
                cancelLabel="Keep it"
                busy={busy}
                busyLabel="Deleting…"
                onCancel={closeRemove}
                onConfirm={() => void removeDocument(removing)}
              >
                <p>
                  Its {formatInt(removing.chunks)} {removing.chunks === 1 ? "chunk is" : "chunks are"} removed from {name}; answers no
                  longer cite it. Adding it again re-ingests it.
                </p>
              </ConfirmPanel>
            ) : null}
            {detail.documents.length === 0 ? (
              <p className="rounded-lg border border-dashed border-slate-400 px-4 py-8 text-center text-sm text-slate-700 dark:border-slate-500 dark:text-slate-200">
                This collection has no documents.
              </p>
            ) : (
              <CollectionsDocumentsTable
                collection={name}
                documents={detail.documents}
                busy={read.stale}
                mayDelete={mayWrite}
                onUnauthorized={onUnauthorized}
                onDelete={(doc, button) => {
                  deleteButton.current = button;
                  setRemoving(doc);
                }}
              />
            )}
          </section>

          <CollectionsSearch collection={name} />

          {mayWrite ? (
            <>
              <section aria-labelledby="collection-add-heading" className={`${card} space-y-4`}>
                <div>
                  <h2 id="collection-add-heading" className={sectionHeading}>
                    Add a document
                  </h2>
                  <p className={sectionText}>Plain text or Markdown, into {name}. An id that exists is replaced.</p>
                </div>
                <CollectionsAddForm collection={name} onIngested={read.refresh} onUnauthorized={onUnauthorized} />
              </section>
              <CollectionsDelete
                name={name}
                documents={detail.documents.length}
                chunks={detail.chunks}
                onDeleted={() => setDeleted(true)}
                onUnauthorized={onUnauthorized}
              />
            </>
          ) : (
            <p className={sectionText} data-read-only="">
              Your role can read this collection; adding or deleting documents needs the collections:write permission (operators and
              administrators).
            </p>
          )}
        </>
      )}
    </div>
  );
}
