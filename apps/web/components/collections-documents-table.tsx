"use client";

import { Fragment, useState } from "react";
import type { CollectionDocument } from "../lib/collections";
import { formatInt } from "../lib/format";
import { secondaryButton } from "./button-classes";
import { CollectionsDocumentChunks } from "./collections-document-chunks";
import { TableRegion } from "./table-region";
import { sub, tbody, td, th, thead } from "./table-classes";

/** A stable element id for a document's row (citations link to it). */
export function documentAnchor(id: string): string {
  return `document-${encodeURIComponent(id)}`;
}

/**
 * A collection's documents: id, title, source and chunk count; each can show its chunks (read on
 * demand), and writers get "Delete…" (the page asks to confirm).
 */
export function CollectionsDocumentsTable(props: {
  collection: string;
  documents: readonly CollectionDocument[];
  busy?: boolean;
  mayDelete: boolean;
  onDelete: (doc: CollectionDocument, button: HTMLButtonElement) => void;
  onUnauthorized: () => void;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  function toggle(id: string): void {
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <TableRegion captionId="documents-caption" caption={`Documents of ${props.collection}: id, title, source and chunks`} busy={props.busy}>
      <thead className={thead}>
        <tr>
          <th scope="col" className={th}>
            Document
          </th>
          <th scope="col" className={th}>
            Source
          </th>
          <th scope="col" className={`${th} text-right`}>
            Chunks
          </th>
          <th scope="col" className={th}>
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className={tbody}>
        {props.documents.map((d) => {
          const shown = open.has(d.id);
          const chunksId = `${documentAnchor(d.id)}-chunks`;
          return (
            <Fragment key={d.id}>
              <tr id={documentAnchor(d.id)} data-document={d.id} className="scroll-mt-4 target:bg-amber-50 dark:target:bg-amber-950">
                <th scope="row" className={`${td} text-left font-normal`}>
                  <span className="block font-semibold break-words">{d.title ?? d.id}</span>
                  <span className={`${sub} font-mono break-all`}>{d.id}</span>
                </th>
                <td className={`${td} max-w-xs text-sm break-all`}>{d.source ?? "—"}</td>
                <td className={`${td} text-right tabular-nums`} data-col="chunks">
                  {formatInt(d.chunks)}
                </td>
                <td className={td}>
                  <div className="flex flex-wrap gap-2">
                    <button type="button" className={secondaryButton} aria-expanded={shown} aria-controls={shown ? chunksId : undefined} onClick={() => toggle(d.id)}>
                      {shown ? "Hide chunks" : "Show chunks"}
                      <span className="sr-only"> of {d.id}</span>
                    </button>
                    {props.mayDelete ? (
                      <button type="button" className={secondaryButton} onClick={(e) => props.onDelete(d, e.currentTarget)}>
                        Delete…<span className="sr-only"> {d.id}</span>
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
              {shown ? (
                <tr data-document-chunks={d.id}>
                  <td colSpan={4} className="bg-slate-50 px-2.5 py-3 dark:bg-slate-950">
                    <CollectionsDocumentChunks collection={props.collection} documentId={d.id} id={chunksId} onUnauthorized={props.onUnauthorized} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </TableRegion>
  );
}
