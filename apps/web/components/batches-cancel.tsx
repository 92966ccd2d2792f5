"use client";

import { useRef, useState } from "react";
import { childNoun, type BatchCancelOutcome, type BatchDetail } from "../lib/batch-page";
import { formatInt } from "../lib/format";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { secondaryButton } from "./button-classes";
import { ConfirmPanel } from "./confirm-panel";
import { AlertMessage, StatusMessage } from "./live-message";

function describeOutcome(r: BatchCancelOutcome, kind: BatchDetail["kind"]): string {
  const children = `${formatInt(r.cancelledChildren)} ${r.cancelledChildren === 1 ? "child" : "children"} cancelled, ${formatInt(r.skippedChildren)} already ended or stopping`;
  if (r.status === "cancelled") return `Batch cancelled: ${children}.`;
  if (r.status === "running") return `The batch was told to stop and is still stopping: ${children}.`;
  return `The batch had already ${r.status} (its ${childNoun(kind, 2)} had ended): ${children}.`;
}

/**
 * "Cancel batch…" with a confirmation (the batch and every child not yet ended stop). The
 * outcome is announced politely and stays visible; since the button goes once the batch has
 * ended, focus then moves to the page's heading rather than being lost.
 */
export function BatchesCancel(props: { batch: BatchDetail; onChanged: () => void; onUnauthorized: () => void }) {
  const { batch } = props;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ seq: number; text: string } | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const running = batch.status === "running";
  const unfinished = batch.total - batch.done;

  async function cancel(): Promise<void> {
    if (busy) return;
    setBusy(true);
    setAlert(null);
    try {
      const r = await api.batches.cancel.mutate({ id: batch.id });
      setOutcome((prev) => ({ seq: (prev?.seq ?? 0) + 1, text: describeOutcome(r, batch.kind) }));
      setConfirming(false);
      props.onChanged();
      document.querySelector<HTMLElement>("main h1")?.focus();
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      setAlert(`Could not cancel the batch: ${describeError(err)}.`);
      setConfirming(false);
      openerRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2">
      {running ? (
        <button
          ref={openerRef}
          type="button"
          className={secondaryButton}
          aria-expanded={confirming}
          aria-disabled={busy || undefined}
          onClick={() => !busy && setConfirming(true)}
        >
          Cancel batch…
        </button>
      ) : null}
      {confirming && running ? (
        <ConfirmPanel
          title="Cancel this batch?"
          confirmLabel="Cancel batch"
          cancelLabel="Keep it running"
          busy={busy}
          busyLabel="Cancelling…"
          onCancel={() => {
            setConfirming(false);
            openerRef.current?.focus();
          }}
          onConfirm={() => void cancel()}
        >
          <p>
            The batch stops, and so do its {formatInt(unfinished)} {unfinished === 1 ? "child" : "children"} not yet ended: waiting ones are removed,
            running ones are told to stop. Results of children that completed are kept.
          </p>
        </ConfirmPanel>
      ) : null}
      <AlertMessage>{alert}</AlertMessage>
      <StatusMessage seq={outcome?.seq}>{outcome?.text}</StatusMessage>
    </div>
  );
}
