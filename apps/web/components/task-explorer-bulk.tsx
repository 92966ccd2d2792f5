"use client";

import { useId, useRef, useState } from "react";
import { formatInt } from "../lib/format";
import { describeTaskFilter, isEmptyTaskFilter, taskFilterToInput, type TaskFilter } from "../lib/task-filter";
import type { BulkActionResult } from "../lib/task-page";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { hintClass, secondaryButton } from "./button-classes";
import { ConfirmPanel } from "./confirm-panel";
import { AlertMessage, StatusMessage } from "./live-message";

type Action = "cancel" | "retry" | "delete";
type Scope = "selected" | "matching";

const VERB: Record<Action, { label: string; done: string; applies: string }> = {
  cancel: { label: "Cancel", done: "cancelled", applies: "waiting and running tasks" },
  retry: { label: "Retry", done: "retried", applies: "dead and cancelled tasks" },
  delete: { label: "Delete", done: "deleted", applies: "finished tasks" },
};

type BulkInput = { action: Action; ids: string[] } | { action: Action; filter: ReturnType<typeof taskFilterToInput> };

interface Pending {
  input: BulkInput;
  scope: Scope;
  preview: BulkActionResult;
}

function tasks(n: number): string {
  return `${formatInt(n)} ${n === 1 ? "task" : "tasks"}`;
}

function reasons(r: BulkActionResult): string {
  const parts = Object.entries(r.skippedReasons).map(([why, n]) => `${why}: ${formatInt(n)}`);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

/**
 * Bulk cancel / retry / delete of the selected rows or of every task matching the applied
 * filters: a dry run counts first and a confirmation shows that count; the outcome is announced.
 */
export function TaskExplorerBulk(props: {
  filter: TaskFilter;
  selectedIds: readonly string[];
  onDone: () => void;
  onUnauthorized: () => void;
}) {
  const [scope, setScope] = useState<Scope>("selected");
  const [busy, setBusy] = useState<"preview" | "run" | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [outcome, setOutcome] = useState<{ seq: number; text: string; warn: boolean } | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const buttons = useRef<Partial<Record<Action, HTMLButtonElement | null>>>({});
  const id = useId();

  const filtered = !isEmptyTaskFilter(props.filter);
  const available = scope === "selected" ? props.selectedIds.length > 0 : filtered;

  function fail(what: string, err: unknown): void {
    if (isUnauthorized(err)) return props.onUnauthorized();
    setAlert(`Could not ${what}: ${describeError(err)}.`);
  }

  async function preview(action: Action): Promise<void> {
    if (busy || !available) return;
    opener.current = buttons.current[action] ?? null;
    const input: BulkInput =
      scope === "selected" ? { action, ids: [...props.selectedIds] } : { action, filter: taskFilterToInput(props.filter) };
    setBusy("preview");
    setAlert(null);
    setPending(null);
    try {
      const r = await api.tasks.bulkAction.mutate({ ...input, dryRun: true });
      setPending({ input, scope, preview: r });
    } catch (err) {
      fail(`count the tasks to ${action}`, err);
    } finally {
      setBusy(null);
    }
  }

  async function run(p: Pending): Promise<void> {
    if (busy) return;
    setBusy("run");
    setAlert(null);
    const verb = VERB[p.input.action];
    try {
      const r = await api.tasks.bulkAction.mutate({ ...p.input, dryRun: false });
      setOutcome((prev) => ({
        seq: (prev?.seq ?? 0) + 1,
        text: `${verb.label}: ${tasks(r.affected)} ${verb.done}, ${formatInt(r.skipped)} skipped${reasons(r)}.`,
        warn: r.skipped > 0,
      }));
      setPending(null);
      opener.current?.focus();
      props.onDone();
    } catch (err) {
      fail(`${p.input.action} the tasks`, err);
    } finally {
      setBusy(null);
    }
  }

  const p = pending;
  const verb = p ? VERB[p.input.action] : null;
  return (
    <div className="space-y-3">
      <fieldset className="flex flex-col gap-3 lg:flex-row lg:flex-wrap lg:items-center">
        <legend className="mb-2 text-sm font-semibold text-slate-900 dark:text-white">Bulk action</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-900 dark:text-slate-100">
          <label className="inline-flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-scope`}
              value="selected"
              checked={scope === "selected"}
              onChange={() => setScope("selected")}
              className="size-4 accent-blue-700 dark:accent-blue-400"
            />
            Selected rows ({formatInt(props.selectedIds.length)})
          </label>
          <label className="inline-flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-scope`}
              value="matching"
              checked={scope === "matching"}
              onChange={() => setScope("matching")}
              aria-describedby={`${id}-matching-hint`}
              className="size-4 accent-blue-700 dark:accent-blue-400"
            />
            All tasks matching the filters
          </label>
        </div>
        <div className="flex flex-wrap gap-2">
          {(["cancel", "retry", "delete"] as const).map((action) => (
            <button
              key={action}
              ref={(el) => {
                buttons.current[action] = el;
              }}
              type="button"
              className={secondaryButton}
              aria-disabled={!available || busy !== null || undefined}
              aria-describedby={`${id}-matching-hint`}
              onClick={() => void preview(action)}
            >
              {VERB[action].label}…
            </button>
          ))}
        </div>
        <p id={`${id}-matching-hint`} className={`${hintClass} lg:basis-full`}>
          {scope === "selected"
            ? props.selectedIds.length === 0
              ? "Select rows in the table first."
              : `Acts on the ${tasks(props.selectedIds.length)} selected on this page.`
            : filtered
              ? `Acts on every task matching ${describeTaskFilter(props.filter)}, on every page. You see the count before anything happens.`
              : "Apply at least one filter first: a bulk action never reaches every task."}
          {busy === "preview" ? " Counting…" : ""}
        </p>
      </fieldset>

      {p && verb ? (
        <ConfirmPanel
          title={`${verb.label} ${tasks(p.preview.affected)}?`}
          confirmLabel={`${verb.label} ${tasks(p.preview.affected)}`}
          cancelLabel="Keep them"
          busy={busy === "run"}
          busyLabel="Working…"
          onCancel={() => {
            setPending(null);
            opener.current?.focus();
          }}
          onConfirm={() => void run(p)}
        >
          <p data-preview="">
            {p.scope === "selected" ? "Of the selected rows" : `Matching ${describeTaskFilter(props.filter)}`}:{" "}
            {tasks(p.preview.matched)} found, {tasks(p.preview.affected)} to {p.input.action}, {formatInt(p.preview.skipped)} skipped
            {reasons(p.preview)}.
          </p>
          <p className="mt-1">
            {VERB[p.input.action].label} applies to {verb.applies}.
            {p.preview.truncated ? " More tasks match than one action takes: only the newest are included." : ""}
            {p.input.action === "delete" ? " Deleted tasks leave the history for good." : ""}
          </p>
        </ConfirmPanel>
      ) : null}

      <AlertMessage>{alert}</AlertMessage>
      <StatusMessage seq={outcome?.seq} tone={outcome?.warn ? "warning" : "success"}>
        {outcome?.text}
      </StatusMessage>
    </div>
  );
}
