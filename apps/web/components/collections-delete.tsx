"use client";

import { useRef, useState } from "react";
import { formatInt } from "../lib/format";
import { api, describeError, isMfaRequired, isUnauthorized } from "../lib/trpc-client";
import { dangerButton } from "./button-classes";
import { ConfirmPanel } from "./confirm-panel";
import { AlertMessage } from "./live-message";
import { card, sectionHeading, sectionText } from "./table-classes";

/**
 * Delete the whole collection, after a confirmation. The operation is sensitive: a session is
 * asked for its second factor by the step-up dialog (the tRPC client's step-up link), then it runs.
 */
export function CollectionsDelete(props: { name: string; documents: number; chunks: number; onDeleted: () => void; onUnauthorized: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);

  function close(): void {
    setConfirming(false);
    if (button.current?.isConnected) button.current.focus();
  }

  async function remove(): Promise<void> {
    if (busy) return;
    setBusy(true);
    setAlert(null);
    try {
      await api.collections.delete.mutate({ name: props.name });
      props.onDeleted();
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      setAlert(
        isMfaRequired(err)
          ? `The collection ${props.name} was not deleted: deleting one needs a confirmed second factor.`
          : `Could not delete the collection ${props.name}: ${describeError(err)}.`,
      );
      close();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="collection-delete-heading" className={`${card} space-y-3`}>
      <div>
        <h2 id="collection-delete-heading" className={sectionHeading}>
          Delete the collection
        </h2>
        <p className={sectionText}>
          Removes every document and chunk of {props.name} from Chroma. Deleting is a sensitive action: you may be asked to confirm your
          second factor.
        </p>
      </div>
      <AlertMessage>{alert}</AlertMessage>
      <button ref={button} type="button" className={dangerButton} aria-expanded={confirming} aria-disabled={busy || undefined} onClick={() => !busy && setConfirming(true)}>
        Delete {props.name}…
      </button>
      {confirming ? (
        <ConfirmPanel
          title={`Delete the collection ${props.name}?`}
          confirmLabel="Delete the collection"
          cancelLabel="Keep it"
          busy={busy}
          busyLabel="Deleting…"
          onCancel={close}
          onConfirm={() => void remove()}
        >
          <p>
            Its {formatInt(props.documents)} {props.documents === 1 ? "document" : "documents"} ({formatInt(props.chunks)}{" "}
            {props.chunks === 1 ? "chunk" : "chunks"}) are removed and questions over it stop working. This cannot be undone.
          </p>
        </ConfirmPanel>
      ) : null}
    </section>
  );
}
