"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { api, describeError, isMfaRequired, isUnauthorized } from "../lib/trpc-client";
import {
  describeCron,
  describeEvery,
  EVERY_UNITS,
  everyMs,
  MAX_EVERY_MS,
  MIN_EVERY_MS,
  splitEvery,
  type EveryUnit,
  type ScheduleView,
} from "../lib/schedule-timing";
import { fieldBase, fieldClass, hintClass, labelClass, primaryButton, secondaryButton } from "./button-classes";
import { AlertMessage } from "./live-message";
import { card } from "./table-classes";

type Field = "pattern" | "every" | "payload";
type Patch = { pattern?: string; every?: number; payload?: Record<string, unknown>; enabled?: boolean };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Which field a refusal names (the server words it "patch.pattern: …"), so it is marked there. */
function fieldOf(err: unknown): Field | undefined {
  const message = err instanceof Error ? err.message : "";
  if (message.includes("patch.pattern")) return "pattern";
  if (message.includes("patch.every")) return "every";
  if (message.includes("patch.payload")) return "payload";
  return undefined;
}

/**
 * Change one schedule: its timing (a cron pattern in UTC, or an interval), its payload (JSON,
 * checked by the server against the task type's schema) and whether it is enabled. Only what
 * changed is sent. The operation is sensitive: the step-up dialog may ask for a second factor.
 */
export function SchedulesEditForm(props: {
  schedule: ScheduleView;
  onSaved: (view: ScheduleView) => void;
  onCancel: () => void;
  onUnauthorized: () => void;
}) {
  const s = props.schedule;
  const id = useId();
  const ids = {
    heading: `${id}-heading`,
    error: `${id}-error`,
    pattern: `${id}-pattern`,
    patternHint: `${id}-pattern-hint`,
    every: `${id}-every`,
    unit: `${id}-unit`,
    everyHint: `${id}-every-hint`,
    payload: `${id}-payload`,
    payloadHint: `${id}-payload-hint`,
    enabled: `${id}-enabled`,
  };
  const initialEvery = splitEvery(s.every ?? 60_000);
  const [kind, setKind] = useState<"cron" | "every">(s.pattern !== null ? "cron" : "every");
  const [pattern, setPattern] = useState(s.pattern ?? "");
  const [amount, setAmount] = useState(String(initialEvery.amount));
  const [unit, setUnit] = useState<EveryUnit>(initialEvery.unit);
  const [payload, setPayload] = useState(JSON.stringify(s.payload, null, 2));
  const [enabled, setEnabled] = useState(s.enabled);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: Field } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const refs = { pattern: useRef<HTMLInputElement>(null), every: useRef<HTMLInputElement>(null), payload: useRef<HTMLTextAreaElement>(null) };

  // Opened from a row's "Edit…": the form's heading takes focus, so it is read first.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  function invalid(field: Field, text: string): void {
    setError({ text, field });
    refs[field].current?.focus();
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const patch: Patch = {};
    if (kind === "cron") {
      const p = pattern.trim().replace(/\s+/g, " ");
      if (!p) return invalid("pattern", "Enter a cron pattern, e.g. 0 3 * * * for daily at 03:00 UTC.");
      if (p !== s.pattern) patch.pattern = p;
    } else {
      const n = Number(amount);
      const ms = everyMs(n, unit);
      if (!/^\d+$/.test(amount.trim()) || n < 1 || ms < MIN_EVERY_MS || ms > MAX_EVERY_MS) {
        return invalid("every", "The interval must be a whole number: at least 1 second, at most 366 days.");
      }
      if (ms !== s.every) patch.every = ms;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.trim() === "" ? "{}" : payload);
    } catch (err) {
      return invalid("payload", `The payload is not valid JSON: ${err instanceof Error ? err.message : "parse error"}.`);
    }
    if (!isPlainObject(parsed)) return invalid("payload", "The payload must be a JSON object, e.g. {} or {\"olderThanDays\": 30}.");
    if (JSON.stringify(parsed) !== JSON.stringify(s.payload)) patch.payload = parsed;
    if (enabled !== s.enabled) patch.enabled = enabled;
    if (Object.keys(patch).length === 0) {
      setError({ text: "Nothing to save: change the timing, the payload or the state first." });
      return;
    }
    setBusy(true);
    try {
      const view = await api.schedules.update.mutate({ id: s.id, patch });
      props.onSaved(view);
    } catch (err) {
      if (isUnauthorized(err)) return props.onUnauthorized();
      if (isMfaRequired(err)) {
        setError({ text: `The schedule ${s.id} was not changed: changing a schedule needs a confirmed second factor.` });
        return;
      }
      const field = fieldOf(err);
      setError({ text: `Could not save the schedule ${s.id}: ${describeError(err)}.`, ...(field ? { field } : {}) });
      if (field) refs[field].current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const previewMs = everyMs(Number(amount), unit);
  return (
    <section
      aria-labelledby={ids.heading}
      className={`${card} space-y-4`}
      data-schedule-edit={s.id}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !busy) {
          e.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <div>
        <h2 ref={headingRef} id={ids.heading} tabIndex={-1} className="w-fit text-lg font-semibold text-slate-900 dark:text-white">
          Edit schedule <span className="font-mono">{s.id}</span>
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Runs {s.type} on the {s.pool} pool. Changing a schedule is a sensitive action: you may be asked to confirm your second factor.
          Escape cancels.
        </p>
      </div>
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4">
        <fieldset className="space-y-3">
          <legend className={labelClass}>Timing</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2">
            {(
              [
                ["cron", "Cron pattern (UTC)"],
                ["every", "Fixed interval"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="inline-flex items-center gap-2 text-sm text-slate-900 dark:text-slate-100">
                <input
                  type="radio"
                  name="timingKind"
                  value={value}
                  checked={kind === value}
                  onChange={() => setKind(value)}
                  className="size-4 accent-blue-700 dark:accent-blue-400"
                />
                {label}
              </label>
            ))}
          </div>
          {kind === "cron" ? (
            <div>
              <label htmlFor={ids.pattern} className={labelClass}>
                Cron pattern
              </label>
              <input
                ref={refs.pattern}
                id={ids.pattern}
                name="pattern"
                type="text"
                autoComplete="off"
                spellCheck={false}
                maxLength={200}
                value={pattern}
                onChange={(e) => setPattern(e.target.value)}
                aria-invalid={error?.field === "pattern" || undefined}
                aria-describedby={error?.field === "pattern" ? `${ids.patternHint} ${ids.error}` : ids.patternHint}
                className={`${fieldClass} max-w-sm font-mono`}
              />
              <p id={ids.patternHint} className={hintClass}>
                Minute, hour, day of month, month, day of week, in UTC (e.g. 30 2 * * * is daily at 02:30 UTC).
                {pattern.trim() ? ` Reads as: ${describeCron(pattern)}.` : ""}
              </p>
            </div>
          ) : (
            <div>
              <label htmlFor={ids.every} className={labelClass}>
                Every
              </label>
              <div className="mt-1 flex flex-wrap items-start gap-2">
                <input
                  ref={refs.every}
                  id={ids.every}
                  name="every"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  aria-invalid={error?.field === "every" || undefined}
                  aria-describedby={error?.field === "every" ? `${ids.everyHint} ${ids.error}` : ids.everyHint}
                  className={`${fieldBase} block w-28`}
                />
                <label htmlFor={ids.unit} className="sr-only">
                  Unit
                </label>
                <select id={ids.unit} name="everyUnit" value={unit} onChange={(e) => setUnit(e.target.value as EveryUnit)} className={`${fieldBase} block`}>
                  {EVERY_UNITS.map((u) => (
                    <option key={u.unit} value={u.unit}>
                      {u.unit}
                    </option>
                  ))}
                </select>
              </div>
              <p id={ids.everyHint} className={hintClass}>
                At least 1 second.{Number.isFinite(previewMs) && previewMs >= MIN_EVERY_MS ? ` Reads as: ${describeEvery(previewMs)}.` : ""}
              </p>
            </div>
          )}
        </fieldset>
        <div>
          <label htmlFor={ids.payload} className={labelClass}>
            Payload (JSON)
          </label>
          <textarea
            ref={refs.payload}
            id={ids.payload}
            name="payload"
            rows={4}
            spellCheck={false}
            value={payload}
            onChange={(e) => setPayload(e.target.value)}
            aria-invalid={error?.field === "payload" || undefined}
            aria-describedby={error?.field === "payload" ? `${ids.payloadHint} ${ids.error}` : ids.payloadHint}
            className={`${fieldClass} max-w-xl font-mono`}
          />
          <p id={ids.payloadHint} className={hintClass}>
            A JSON object, checked against the {s.type} task&apos;s schema when saved.
          </p>
        </div>
        <div className="flex items-center gap-2">
          <input
            id={ids.enabled}
            name="enabled"
            type="checkbox"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
            className="size-4 rounded border-slate-500 accent-blue-700 dark:accent-blue-400"
          />
          <label htmlFor={ids.enabled} className={labelClass}>
            Enabled (a disabled schedule keeps its settings and does not run)
          </label>
        </div>
        <AlertMessage id={ids.error}>{error?.text}</AlertMessage>
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={primaryButton} aria-disabled={busy || undefined}>
            {busy ? "Saving…" : "Save changes"}
          </button>
          <button type="button" className={secondaryButton} onClick={() => !busy && props.onCancel()}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
