"use client";

import { useId, useState, type FormEvent } from "react";
import { PRIORITIES } from "@switchyard/shared/priorities";
import { TASK_STATUSES } from "@switchyard/shared/task-status";
import { EMPTY_TASK_FILTER, TASK_PAGE_SIZES, type TaskFilter, type TaskView } from "../lib/task-filter";
import { fieldClass, hintClass, labelClass, primaryButton, secondaryButton } from "./button-classes";

/**
 * The task explorer's filters. Edits stay in the form until "Apply filters", so the list, the
 * URL and "all matching" bulk actions always use the filters shown as applied.
 */
export function TaskExplorerFilters(props: {
  pools: readonly string[];
  types: readonly string[];
  applied: TaskView;
  onApply: (view: TaskView) => void;
}) {
  const [draft, setDraft] = useState<TaskFilter>(props.applied.filter);
  const [limit, setLimit] = useState(String(props.applied.limit));
  const id = useId();
  const field = (name: string) => `${id}-${name}`;
  const set = (key: keyof TaskFilter) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const size = (): number => Number(limit) || props.applied.limit;

  function onSubmit(e: FormEvent<HTMLFormElement>): void {
    e.preventDefault();
    props.onApply({ filter: draft, limit: size() });
  }
  function onClear(): void {
    setDraft(EMPTY_TASK_FILTER);
    props.onApply({ filter: EMPTY_TASK_FILTER, limit: size() });
  }

  const select = (key: "status" | "type" | "pool" | "priority", label: string, any: string, options: readonly string[]) => (
    <div>
      <label htmlFor={field(key)} className={labelClass}>
        {label}
      </label>
      <select id={field(key)} name={key} value={draft[key]} onChange={(e) => set(key)(e.target.value)} className={fieldClass}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form
      role="search"
      aria-labelledby={field("heading")}
      onSubmit={onSubmit}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={field("heading")} className="text-base font-semibold text-slate-900 dark:text-white">
        Filter tasks
      </h2>
      <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="sm:col-span-2">
          <label htmlFor={field("q")} className={labelClass}>
            Text
          </label>
          <input
            id={field("q")}
            name="q"
            type="search"
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            value={draft.q}
            onChange={(e) => set("q")(e.target.value)}
            aria-describedby={field("q-hint")}
            className={fieldClass}
          />
          <p id={field("q-hint")} className={hintClass}>
            Whole words in the id, type, payload, result or error; end a word with * to match its start.
          </p>
        </div>
        {select("status", "Status", "Any status", TASK_STATUSES)}
        {select("priority", "Priority", "Any priority", PRIORITIES)}
        {select("type", "Task type", "All types", props.types)}
        {select("pool", "Pool", "All pools", props.pools)}
        <div>
          <label htmlFor={field("from")} className={labelClass}>
            Created from
          </label>
          <input
            id={field("from")}
            name="from"
            type="datetime-local"
            step={1}
            value={draft.from}
            onChange={(e) => set("from")(e.target.value)}
            aria-describedby={field("time-hint")}
            className={fieldClass}
          />
        </div>
        <div>
          <label htmlFor={field("to")} className={labelClass}>
            Created to
          </label>
          <input
            id={field("to")}
            name="to"
            type="datetime-local"
            step={1}
            value={draft.to}
            onChange={(e) => set("to")(e.target.value)}
            aria-describedby={field("time-hint")}
            className={fieldClass}
          />
        </div>
        <div>
          <label htmlFor={field("limit")} className={labelClass}>
            Rows per page
          </label>
          <select id={field("limit")} name="limit" value={limit} onChange={(e) => setLimit(e.target.value)} className={fieldClass}>
            {TASK_PAGE_SIZES.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </div>
        {/* Under the two time fields on wide screens (it describes both). */}
        <p id={field("time-hint")} className={`${hintClass} sm:col-span-2 lg:col-start-3 lg:mt-0`}>
          Times are your local time; both ends are included.
        </p>
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
