"use client";

import { useCallback, useId, useState } from "react";
import { api, describeError, isUnauthorized } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { AlertMessage, StatusMessage } from "./live-message";
import { card, sectionHeading, sectionText } from "./table-classes";

/** The "require a second factor for everyone" switch (settings.updateSecurity, sensitive). */
export function SecuritySettings(props: { onUnauthorized: () => void }) {
  const settings = usePolling({
    key: "security-settings",
    fetch: () => api.settings.getSecurity.query(),
    intervalMs: 30_000,
    onUnauthorized: props.onUnauthorized,
  });
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ seq: number; text: string } | null>(null);
  const ids = { label: useId(), hint: useId() };
  const on = settings.data?.requireMfa ?? false;
  const { refresh } = settings;

  const toggle = useCallback(async () => {
    if (busy || !settings.data) return;
    setBusy(true);
    setAlert(null);
    try {
      const r = await api.settings.updateSecurity.mutate({ requireMfa: !on });
      setOutcome((prev) => ({
        seq: (prev?.seq ?? 0) + 1,
        text: r.requireMfa
          ? "A second factor is now required for everyone: people without one are sent to enrol at their next request."
          : "A second factor is no longer required for everyone (sensitive actions still ask for one).",
      }));
      refresh();
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      setAlert(`Could not change the setting: ${describeError(err)}.`);
    } finally {
      setBusy(false);
    }
  }, [busy, on, settings.data, refresh, props]);

  return (
    <section aria-labelledby="security-heading" className={`${card} space-y-3`}>
      <h2 id="security-heading" className={sectionHeading}>
        Security
      </h2>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p id={ids.label} className="text-sm font-medium text-slate-900 dark:text-slate-100">
            Require a second factor for everyone
          </p>
          <p id={ids.hint} className={sectionText}>
            People without an authenticator app must set one up before they can do anything else.
          </p>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={on}
          aria-labelledby={ids.label}
          aria-describedby={ids.hint}
          aria-disabled={busy || settings.data === null || undefined}
          onClick={() => void toggle()}
          className="group inline-flex h-7 w-12 shrink-0 items-center rounded-full border-2 border-slate-600 bg-slate-200 p-0.5 aria-checked:border-blue-700 aria-checked:bg-blue-700 aria-disabled:cursor-not-allowed dark:border-slate-300 dark:bg-slate-700 dark:aria-checked:border-blue-400 dark:aria-checked:bg-blue-400"
        >
          <span
            aria-hidden="true"
            className="size-5 rounded-full bg-slate-700 transition-transform group-aria-checked:translate-x-5 group-aria-checked:bg-white dark:bg-slate-100 dark:group-aria-checked:bg-slate-950"
          />
        </button>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-200">{settings.data === null ? "Loading…" : on ? "On." : "Off."}</p>
      <AlertMessage>{alert}</AlertMessage>
      <StatusMessage seq={outcome?.seq}>{outcome?.text}</StatusMessage>
    </section>
  );
}
