"use client";

import { useEffect, useId, useState, type FormEvent } from "react";
import { AUDIT_OUTCOME_VALUES } from "@switchyard/shared/audit-api";
import { EMPTY_AUDIT_FILTER, type AuditFilter } from "../lib/audit-filter";
import { fieldClass, hintClass, labelClass, primaryButton, secondaryButton } from "./button-classes";

export const OUTCOME_LABELS: Record<(typeof AUDIT_OUTCOME_VALUES)[number], string> = {
  allowed: "allowed",
  denied_role: "denied (role)",
  denied_policy: "denied (policy)",
  denied_mfa: "denied (second factor)",
  failed: "failed",
};

/**
 * The audit filters. Edits stay in the form until "Apply filters"; applied filters live in the
 * page's URL, so a filtered view can be bookmarked or shared with another reviewer.
 */
export function AuditFilters(props: { applied: AuditFilter; onApply: (filter: AuditFilter) => void }) {
  const [draft, setDraft] = useState<AuditFilter>(props.applied);
  // Back/forward changes the URL: the form follows it.
  useEffect(() => setDraft(props.applied), [props.applied]);
  const id = useId();
  const ids = {
    heading: `${id}-heading`,
    actor: `${id}-actor`,
    action: `${id}-action`,
    target: `${id}-target`,
    outcome: `${id}-outcome`,
    from: `${id}-from`,
    to: `${id}-to`,
    timeHint: `${id}-time-hint`,
  };
  const set = (field: keyof AuditFilter) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));

  function onSubmit(e: FormEvent<HTMLFormElement>): void {
    e.preventDefault();
    props.onApply(draft);
  }

  const text = (field: "actor" | "action" | "target", label: string, hint?: string) => (
    <div>
      <label htmlFor={ids[field]} className={labelClass}>
        {label}
      </label>
      <input
        id={ids[field]}
        name={field}
        type="search"
        maxLength={200}
        autoComplete="off"
        spellCheck={false}
        value={draft[field]}
        onChange={(e) => set(field)(e.target.value)}
        aria-describedby={hint ? `${ids[field]}-hint` : undefined}
        className={fieldClass}
      />
      {hint ? (
        <p id={`${ids[field]}-hint`} className={hintClass}>
          {hint}
        </p>
      ) : null}
    </div>
  );

  return (
    <form role="search" aria-labelledby={ids.heading} onSubmit={onSubmit} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <h2 id={ids.heading} className="text-base font-semibold text-slate-900 dark:text-white">
        Filter the audit log
      </h2>
      <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6">
        {text("actor", "Actor", "Id or name, exactly.")}
        {text("action", "Action", "e.g. create-token.")}
        {text("target", "Target contains")}
        <div>
          <label htmlFor={ids.outcome} className={labelClass}>
            Outcome
          </label>
          <select id={ids.outcome} name="outcome" value={draft.outcome} onChange={(e) => set("outcome")(e.target.value)} className={fieldClass}>
            <option value="">Any outcome</option>
            {AUDIT_OUTCOME_VALUES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABELS[o]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.from} className={labelClass}>
            From
          </label>
          <input id={ids.from} name="from" type="datetime-local" step={1} value={draft.from} onChange={(e) => set("from")(e.target.value)} aria-describedby={ids.timeHint} className={fieldClass} />
        </div>
        <div>
          <label htmlFor={ids.to} className={labelClass}>
            To
          </label>
          <input id={ids.to} name="to" type="datetime-local" step={1} value={draft.to} onChange={(e) => set("to")(e.target.value)} aria-describedby={ids.timeHint} className={fieldClass} />
        </div>
      </div>
      <p id={ids.timeHint} className={hintClass}>
        Times are your local time.
      </p>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="submit" className={primaryButton}>
          Apply filters
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(EMPTY_AUDIT_FILTER);
            props.onApply(EMPTY_AUDIT_FILTER);
          }}
          className={secondaryButton}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
