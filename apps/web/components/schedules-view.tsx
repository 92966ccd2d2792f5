"use client";

import Link from "next/link";
import { useCallback, useRef, useState, type ReactNode } from "react";
import { describeTiming, type ScheduleView } from "../lib/schedule-timing";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { useAuth } from "./auth-provider";
import { AlertMessage, StatusMessage } from "./live-message";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { RefreshState } from "./refresh-state";
import { SchedulesEditForm } from "./schedules-edit-form";
import { SchedulesTable } from "./schedules-table";
import { sectionHeading, sectionText } from "./table-classes";

const REFRESH_MS = 10_000;

/**
 * The maintenance schedules (history retention, Chroma orphans, health sweep): timing, payload,
 * state, next and last run. schedules:write roles edit one (sensitive: step-up) or run it now.
 */
export function SchedulesView() {
  const { signOut, can } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const mayWrite = can("schedules:write");
  const [editing, setEditing] = useState<string | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ seq: number; text: ReactNode } | null>(null);
  const editButton = useRef<HTMLButtonElement | null>(null);

  const list = usePolling({
    key: "schedules",
    fetch: (signal) => api.schedules.list.query(undefined, { signal }).then((r) => r.schedules),
    intervalMs: REFRESH_MS,
    onUnauthorized,
  });
  const schedules = list.data;
  const edited = schedules?.find((s) => s.id === editing) ?? null;

  const announce = (text: ReactNode): void => setOutcome((prev) => ({ seq: (prev?.seq ?? 0) + 1, text }));

  function closeEdit(): void {
    setEditing(null);
    if (editButton.current?.isConnected) editButton.current.focus();
  }

  function saved(view: ScheduleView): void {
    announce(
      <>
        Schedule {view.id} saved: {describeTiming(view).replace(/^\w/, (c) => c.toLowerCase())}, {view.enabled ? "enabled" : "disabled"}.
      </>,
    );
    closeEdit();
    list.refresh();
  }

  async function runNow(s: ScheduleView): Promise<void> {
    if (running) return;
    setRunning(s.id);
    setAlert(null);
    try {
      const r = await api.schedules.run.mutate({ id: s.id });
      announce(
        <>
          Started {s.id} now as task{" "}
          <Link href={`/tasks/${encodeURIComponent(r.taskId)}`} className="font-mono break-all underline underline-offset-2" data-run-task={r.taskId}>
            {r.taskId}
          </Link>
          ; its timing is unchanged.
        </>,
      );
      list.refresh();
    } catch (err) {
      if (isUnauthorized(err)) return onUnauthorized();
      setAlert(`Could not run ${s.id}: ${describeError(err)}.`);
    } finally {
      setRunning(null);
    }
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Schedules"
        description="Maintenance the platform runs on its own: each firing is an ordinary task on the maintenance pool, run once however many workers serve it, and recorded in the history. Cron patterns are in UTC."
        aside={<RefreshState what="Schedules" everyMs={REFRESH_MS} error={list.error} paused={list.paused} updatedAt={list.updatedAt} />}
      />

      <section aria-labelledby="schedules-heading" className="space-y-3">
        <div>
          <h2 id="schedules-heading" className={sectionHeading}>
            Maintenance schedules
          </h2>
          <p className={sectionText}>
            {mayWrite
              ? "Edit changes the timing, payload or state (it survives restarts); Run now submits the task at once, as yours."
              : "Your role can view the schedules; changing one or running it now needs the schedules:write permission (operators and administrators)."}
          </p>
        </div>
        <AlertMessage>{alert}</AlertMessage>
        <StatusMessage seq={outcome?.seq}>{outcome?.text}</StatusMessage>
        {schedules === null ? (
          list.error ? (
            <Notice tone="error">
              <p>Could not load the schedules: {list.error}. Retrying every {REFRESH_MS / 1_000} seconds.</p>
            </Notice>
          ) : (
            <p className="py-6 text-sm text-slate-600 dark:text-slate-300">Loading schedules…</p>
          )
        ) : schedules.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-400 px-4 py-8 text-center text-sm text-slate-700 dark:border-slate-500 dark:text-slate-200">
            No schedules are defined.
          </p>
        ) : (
          <SchedulesTable
            schedules={schedules}
            now={list.updatedAt ?? 0}
            busy={list.stale}
            mayWrite={mayWrite}
            editing={editing}
            running={running}
            onEdit={(s, button) => {
              editButton.current = button;
              setEditing((cur) => (cur === s.id ? null : s.id));
            }}
            onRun={(s) => void runNow(s)}
          />
        )}
      </section>

      {mayWrite && edited ? (
        <SchedulesEditForm key={edited.id} schedule={edited} onSaved={saved} onCancel={closeEdit} onUnauthorized={onUnauthorized} />
      ) : null}
    </div>
  );
}
