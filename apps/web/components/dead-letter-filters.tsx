"use client";

import { useId, useState, type FormEvent } from "react";
import { EMPTY_FILTER, type DeadLetterFilter } from "../lib/dead-letter-filter";
import { fieldClass, hintClass, labelClass, primaryButton, secondaryButton } from "./button-classes";

export const PAGE_SIZES = [10, 25, 50, 100] as const;

/**
 * The dead-letter filters. Edits stay in the form until "Apply filters", so the table and
 * "Redrive all matching" always act on the filters shown as applied, never half-typed ones.
 */
export function DeadLetterFilters(props: {
  pools: readonly string[];
  types: readonly string[];
  applied: DeadLetterFilter;
  pageSize: number;
  onApply: (filter: DeadLetterFilter, pageSize: number) => void;
}) {
  const [draft, setDraft] = useState<DeadLetterFilter>(props.applied);
  const [pageSize, setPageSize] = useState(String(props.pageSize));
  const id = useId();
  const ids = {
    heading: `${id}-heading`,
    type: `${id}-type`,
    pool: `${id}-pool`,
    error: `${id}-error`,
    since: `${id}-since`,
    sinceHint: `${id}-since-hint`,
    size: `${id}-size`,
  };
  const set = (field: keyof DeadLetterFilter) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));

  function onSubmit(e: FormEvent<HTMLFormElement>): void {
    e.preventDefault();
    props.onApply(draft, Number(pageSize) || props.pageSize);
  }
  function onClear(): void {
    setDraft(EMPTY_FILTER);
    props.onApply(EMPTY_FILTER, Number(pageSize) || props.pageSize);
  }

  return (
    <form
      role="search"
      aria-labelledby={ids.heading}
      onSubmit={onSubmit}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={ids.heading} className="text-base font-semibold text-slate-900 dark:text-white">
        Filter dead letters
      </h2>
      <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <div>
          <label htmlFor={ids.type} className={labelClass}>
            Task type
          </label>
          <select id={ids.type} name="type" value={draft.type} onChange={(e) => set("type")(e.target.value)} className={fieldClass}>
            <option value="">All types</option>
            {props.types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.pool} className={labelClass}>
            Pool
          </label>
          <select id={ids.pool} name="pool" value={draft.pool} onChange={(e) => set("pool")(e.target.value)} className={fieldClass}>
            <option value="">All pools</option>
            {props.pools.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.error} className={labelClass}>
            Error contains
          </label>
          <input
            id={ids.error}
            name="error"
            type="search"
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            value={draft.error}
            onChange={(e) => set("error")(e.target.value)}
            className={fieldClass}
          />
        </div>
        <div>
          <label htmlFor={ids.since} className={labelClass}>
            Finished since
          </label>
          <input
            id={ids.since}
            name="since"
            type="datetime-local"
            step={1}
            value={draft.since}
            onChange={(e) => set("since")(e.target.value)}
            aria-describedby={ids.sinceHint}
            className={fieldClass}
          />
          <p id={ids.sinceHint} className={hintClass}>
            Your local time.
          </p>
        </div>
        <div>
          <label htmlFor={ids.size} className={labelClass}>
            Rows per page
          </label>
          <select id={ids.size} name="limit" value={pageSize} onChange={(e) => setPageSize(e.target.value)} className={fieldClass}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="submit" className={primaryButton}>
          Apply filters
        </button>
        <button type="button" onClick={onClear} className={secondaryButton}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
