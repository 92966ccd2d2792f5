"use client";

import { useState } from "react";
import { canCancel, canRetry, type TaskDetail } from "../lib/task-page";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { useAuth } from "./auth-provider";
import { secondaryButton } from "./button-classes";
import { AlertMessage, StatusMessage } from "./live-message";

/** Cancel (waiting or running), retry (dead or cancelled) and "Duplicate…" for one task. */
export function TaskDetailActions(props: {
  task: TaskDetail;
  duplicating: boolean;
  onDuplicate: () => void;
  onChanged: () => void;
  onUnauthorized: () => void;
}) {
  const { task } = props;
  const { can } = useAuth();
  const [busy, setBusy] = useState<"cancel" | "retry" | null>(null);
  const [outcome, setOutcome] = useState<{ seq: number; text: string } | null>(null);
  const [alert, setAlert] = useState<string | null>(null);

  async function act(kind: "cancel" | "retry"): Promise<void> {
    if (busy) return;
    setBusy(kind);
    setAlert(null);
    try {
      let text: string;
      if (kind === "cancel") {
        const r = await api.tasks.cancel.mutate({ id: task.id });
        text = r.stopped ? "Task cancelled." : "The task was told to stop; it is still stopping.";
      } else {
        await api.tasks.retry.mutate({ id: task.id });
        text = "Task queued again as a new run.";
      }
      setOutcome((prev) => ({ seq: (prev?.seq ?? 0) + 1, text }));
      props.onChanged();
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      setAlert(`Could not ${kind} the task: ${describeError(err)}.`);
    } finally {
      setBusy(null);
    }
  }

  const control = can("tasks:control");
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {control && canCancel(task.status) ? (
          <button type="button" className={secondaryButton} aria-disabled={busy !== null || undefined} onClick={() => void act("cancel")}>
            {busy === "cancel" ? "Cancelling…" : "Cancel task"}
          </button>
        ) : null}
        {control && canRetry(task.status) ? (
          <button type="button" className={secondaryButton} aria-disabled={busy !== null || undefined} onClick={() => void act("retry")}>
            {busy === "retry" ? "Retrying…" : "Retry task"}
          </button>
        ) : null}
        {can("tasks:submit") ? (
          <button type="button" className={secondaryButton} aria-expanded={props.duplicating} onClick={props.onDuplicate}>
            Duplicate…
          </button>
        ) : null}
      </div>
      <AlertMessage>{alert}</AlertMessage>
      <StatusMessage seq={outcome?.seq}>{outcome?.text}</StatusMessage>
    </div>
  );
}
