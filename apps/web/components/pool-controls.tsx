"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import type { PoolStats } from "@switchyard/shared/pool-stats";
import { formatInt } from "../lib/format";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { dangerButton, fieldBase, hintClass, labelClass, primaryButton, secondaryButton } from "./button-classes";
import { ConfirmPanel } from "./confirm-panel";
import { AlertMessage, StatusMessage } from "./live-message";

type PatchResult = Awaited<ReturnType<typeof api.pools.patch.mutate>>;
type PoolPatch = { state: "paused" | "running" } | { concurrency: number } | { drain: true };
type Action = "state" | "concurrency" | "drain";

const MIN_CONCURRENCY = 1;
const MAX_CONCURRENCY = 1_000;

const block = "rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900";
const blockHeading = "text-base font-semibold text-slate-900 dark:text-white";
const blockText = "mt-1 text-sm text-slate-600 dark:text-slate-300";

/**
 * Operator controls for one pool: pause/resume, live concurrency, drain (with a confirmation
 * step). Outcomes are announced politely; refusals (a viewer's token, a bad value) as alerts.
 */
export function PoolControls(props: { pool: PoolStats; onChanged: () => void; onUnauthorized: () => void }) {
  const { pool } = props;
  const id = useId();
  const ids = { alert: `${id}-alert`, concurrency: `${id}-concurrency`, concurrencyHint: `${id}-concurrency-hint` };
  const [busy, setBusy] = useState<Action | null>(null);
  const [alert, setAlert] = useState<{ text: string; field?: "concurrency" } | null>(null);
  const [outcome, setOutcome] = useState<{ seq: number; text: string } | null>(null);
  // What the operator typed; null follows the pool's current value as it refreshes.
  const [draft, setDraft] = useState<string | null>(null);
  const [confirmDrain, setConfirmDrain] = useState(false);
  const concurrencyRef = useRef<HTMLInputElement>(null);
  const drainRef = useRef<HTMLButtonElement>(null);

  async function patch(action: Action, body: PoolPatch, describe: (r: PatchResult) => string): Promise<boolean> {
    if (busy) return false;
    setBusy(action);
    setAlert(null);
    try {
      const r = await api.pools.patch.mutate({ name: pool.name, patch: body });
      setOutcome((prev) => ({ seq: (prev?.seq ?? 0) + 1, text: describe(r) }));
      props.onChanged();
      return true;
    } catch (err) {
      if (isUnauthorized(err)) {
        props.onUnauthorized();
        return false;
      }
      setAlert({ text: `Could not change the ${pool.name} pool: ${describeError(err)}.`, ...(action === "concurrency" ? { field: "concurrency" as const } : {}) });
      return false;
    } finally {
      setBusy(null);
    }
  }

  function toggleState(): void {
    const state = pool.paused ? "running" : "paused";
    void patch("state", { state }, (r) =>
      r.pool.paused
        ? `Pool ${pool.name} paused: workers finish their active tasks and take no new ones.`
        : `Pool ${pool.name} resumed: workers take waiting tasks again.`,
    );
  }

  async function onConcurrency(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const raw = (draft ?? String(pool.config.concurrency)).trim();
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < MIN_CONCURRENCY || value > MAX_CONCURRENCY) {
      setAlert({ text: `Concurrency must be a whole number from ${MIN_CONCURRENCY} to ${formatInt(MAX_CONCURRENCY)}.`, field: "concurrency" });
      concurrencyRef.current?.focus();
      return;
    }
    const ok = await patch("concurrency", { concurrency: value }, (r) => {
      const n = r.notifiedWorkers ?? 0;
      return `Concurrency of ${pool.name} set to ${formatInt(r.pool.config.concurrency)} per worker process; ${formatInt(n)} ${n === 1 ? "worker" : "workers"} notified.`;
    });
    if (ok) setDraft(null);
    else concurrencyRef.current?.focus();
  }

  function closeDrain(): void {
    setConfirmDrain(false);
    drainRef.current?.focus();
  }

  const concurrencyInvalid = alert?.field === "concurrency";
  const waiting = pool.counts.waiting;

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-4">
      <div>
        <h2 id={`${id}-heading`} className="text-lg font-semibold text-slate-900 dark:text-white">
          Controls
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">Changes apply at once to every worker serving {pool.name}.</p>
      </div>

      <AlertMessage id={ids.alert}>{alert?.text}</AlertMessage>
      <StatusMessage seq={outcome?.seq}>{outcome?.text}</StatusMessage>

      <div className="grid gap-4 lg:grid-cols-3">
        <div className={block}>
          <h3 className={blockHeading}>Processing</h3>
          <p className={blockText}>
            {pool.paused
              ? "Paused: tasks are accepted and wait; no worker starts new ones."
              : "Running: workers take waiting tasks, highest priority first."}
          </p>
          <button type="button" className={`${pool.paused ? primaryButton : secondaryButton} mt-3`} aria-disabled={busy !== null || undefined} onClick={toggleState}>
            {busy === "state" ? (pool.paused ? "Resuming…" : "Pausing…") : pool.paused ? "Resume pool" : "Pause pool"}
          </button>
        </div>

        <form className={block} noValidate onSubmit={(e) => void onConcurrency(e)} aria-labelledby={`${id}-concurrency-heading`}>
          <h3 id={`${id}-concurrency-heading`} className={blockHeading}>
            Concurrency
          </h3>
          <label htmlFor={ids.concurrency} className={`${labelClass} mt-2`}>
            Tasks at once per worker process
          </label>
          <div className="mt-1 flex items-start gap-2">
            <input
              ref={concurrencyRef}
              id={ids.concurrency}
              name="concurrency"
              type="number"
              inputMode="numeric"
              min={MIN_CONCURRENCY}
              max={MAX_CONCURRENCY}
              step={1}
              required
              value={draft ?? String(pool.config.concurrency)}
              onChange={(e) => setDraft(e.target.value)}
              aria-invalid={concurrencyInvalid || undefined}
              aria-describedby={concurrencyInvalid ? `${ids.concurrencyHint} ${ids.alert}` : ids.concurrencyHint}
              className={`${fieldBase} block w-28`}
            />
            <button type="submit" className={primaryButton} aria-disabled={busy !== null || undefined}>
              {busy === "concurrency" ? "Applying…" : "Apply"}
            </button>
          </div>
          <p id={ids.concurrencyHint} className={hintClass}>
            {MIN_CONCURRENCY} to {formatInt(MAX_CONCURRENCY)}. Now {formatInt(pool.config.concurrency)}; running tasks are not interrupted.
          </p>
        </form>

        <div className={block}>
          <h3 className={blockHeading}>Drain</h3>
          <p className={blockText}>
            Remove every waiting task ({formatInt(waiting)} now); they become cancelled. Active tasks finish.
          </p>
          <button
            ref={drainRef}
            type="button"
            className={`${dangerButton} mt-3`}
            aria-expanded={confirmDrain}
            aria-disabled={busy !== null || undefined}
            onClick={() => busy === null && setConfirmDrain(true)}
          >
            Drain waiting tasks…
          </button>
          {confirmDrain ? (
            <ConfirmPanel
              title={`Drain the ${pool.name} pool?`}
              confirmLabel="Drain now"
              cancelLabel="Keep the tasks"
              busy={busy === "drain"}
              busyLabel="Draining…"
              onCancel={closeDrain}
              onConfirm={() => {
                void patch("drain", { drain: true }, (r) => {
                  const n = r.drained ?? 0;
                  return `Drained ${pool.name}: ${formatInt(n)} waiting ${n === 1 ? "task" : "tasks"} removed and marked cancelled.`;
                }).finally(closeDrain);
              }}
            >
              <p>
                All {formatInt(waiting)} waiting {waiting === 1 ? "task is" : "tasks are"} removed (the count may have grown since the last
                refresh) and will not run. This cannot be undone.
              </p>
            </ConfirmPanel>
          ) : null}
        </div>
      </div>
    </section>
  );
}
