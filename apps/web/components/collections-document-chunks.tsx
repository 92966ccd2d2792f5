"use client";

import { useEffect, useState } from "react";
import type { DocumentChunks } from "../lib/collections";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { sectionText } from "./table-classes";

/** One document's chunks in order, read when shown (collections.getDocument). */
export function CollectionsDocumentChunks(props: { collection: string; documentId: string; id: string; onUnauthorized: () => void }) {
  const { collection, documentId, onUnauthorized } = props;
  const [state, setState] = useState<{ chunks: DocumentChunks["chunks"] | null; error: string | null }>({ chunks: null, error: null });

  useEffect(() => {
    const controller = new AbortController();
    api.collections.getDocument.query({ name: collection, id: documentId }, { signal: controller.signal }).then(
      (r) => setState({ chunks: [...r.chunks].sort((a, b) => a.chunkIndex - b.chunkIndex), error: null }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        if (isUnauthorized(err)) return onUnauthorized();
        setState({ chunks: null, error: describeError(err) });
      },
    );
    return () => controller.abort();
  }, [collection, documentId, onUnauthorized]);

  return (
    <div id={props.id} data-chunks={documentId} className="space-y-2">
      {state.error ? (
        <p className="text-sm text-red-800 dark:text-red-200">Could not read the chunks: {state.error}.</p>
      ) : state.chunks === null ? (
        <p className={sectionText}>Loading the chunks…</p>
      ) : state.chunks.length === 0 ? (
        <p className={sectionText}>This document has no chunks (it may have just been deleted).</p>
      ) : (
        <ol aria-label={`Chunks of ${documentId}`} className="space-y-2">
          {state.chunks.map((c) => (
            <li key={c.chunkIndex} data-chunk-index={c.chunkIndex} className="text-sm">
              <span className="mr-2 font-mono text-xs text-slate-700 dark:text-slate-200">#{c.chunkIndex}</span>
              <span className="break-words whitespace-pre-wrap text-slate-900 dark:text-slate-100">{c.text}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
