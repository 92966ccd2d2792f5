"use client";

import Link from "next/link";
import { Fragment } from "react";
import type { DeadTask } from "../lib/dead-letter-page";
import { formatDateTime, formatInt } from "../lib/format";
import { AttemptHistory } from "./attempt-history";
import { checkboxClass, SelectAll } from "./select-all-checkbox";
import { td, th } from "./table-classes";
import { TableRegion } from "./table-region";

/**
 * Dead tasks, newest first: one row each, with a checkbox for redrive and a button that
 * shows the attempt history in a row beneath.
 */
export function DeadLettersTable(props: {
  items: readonly DeadTask[];
  /** Rows of the previous filters or page, kept until the new ones arrive (the pager says "Loading"). */
  busy?: boolean;
  selected: ReadonlySet<string>;
  expanded: ReadonlySet<string>;
  onSelect: (id: string, checked: boolean) => void;
  onSelectAll: (checked: boolean) => void;
  onToggleHistory: (id: string) => void;
}) {
  const selectedHere = props.items.filter((t) => props.selected.has(t.id)).length;
  return (
    <TableRegion captionId="dead-letters-caption" caption="Dead tasks, newest first: error, attempts and when each died" busy={props.busy}>
      <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/60">
        <tr>
          <th scope="col" className={`${th} w-10`}>
            <SelectAll count={props.items.length} selected={selectedHere} onChange={props.onSelectAll} />
          </th>
          <th scope="col" className={th}>Task</th>
          <th scope="col" className={th}>Type</th>
          <th scope="col" className={th}>Pool</th>
          <th scope="col" className={th}>Error</th>
          <th scope="col" className={`${th} text-right`}>Attempts</th>
          <th scope="col" className={th}>Finished</th>
          <th scope="col" className={th}>History</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
        {props.items.map((task) => {
          const open = props.expanded.has(task.id);
          const historyId = `history-${task.id}`;
          const history = task.attemptHistory ?? [];
          return (
            <Fragment key={task.id}>
              <tr data-task={task.id} className={props.selected.has(task.id) ? "bg-blue-50 dark:bg-blue-950/40" : undefined}>
                <td className={td}>
                  <input
                    type="checkbox"
                    className={checkboxClass}
                    checked={props.selected.has(task.id)}
                    onChange={(e) => props.onSelect(task.id, e.target.checked)}
                    aria-label={`Select task ${task.id}`}
                  />
                </td>
                <th scope="row" className={`${td} text-left font-mono text-xs font-normal break-all`}>
                  <Link href={`/tasks/${encodeURIComponent(task.id)}`} className="rounded-sm text-blue-800 underline underline-offset-2 dark:text-blue-300">
                    {task.id}
                  </Link>
                </th>
                <td className={`${td} font-mono text-xs whitespace-nowrap`}>{task.type}</td>
                <td className={`${td} font-mono text-xs`}>{task.pool}</td>
                <td className={`${td} max-w-md break-words`} data-col="error">
                  {task.error ?? "No error recorded"}
                </td>
                <td className={`${td} text-right tabular-nums`}>{formatInt(task.attempts)}</td>
                <td className={`${td} whitespace-nowrap`}>
                  {task.finishedAt ? <time dateTime={task.finishedAt}>{formatDateTime(task.finishedAt)}</time> : "unknown"}
                </td>
                <td className={td}>
                  <button
                    type="button"
                    aria-expanded={open}
                    aria-controls={open ? historyId : undefined}
                    onClick={() => props.onToggleHistory(task.id)}
                    className="inline-flex items-center gap-1 rounded-md px-1.5 py-1 text-sm font-medium whitespace-nowrap text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
                  >
                    <svg
                      viewBox="0 0 16 16"
                      width="12"
                      height="12"
                      aria-hidden="true"
                      focusable="false"
                      className={`shrink-0 fill-current motion-safe:transition-transform ${open ? "rotate-90" : ""}`}
                    >
                      <path d="M5 3l6 5-6 5z" />
                    </svg>
                    {open ? "Hide" : "Show"} {formatInt(history.length)} {history.length === 1 ? "attempt" : "attempts"}
                    <span className="sr-only"> of task {task.id}</span>
                  </button>
                </td>
              </tr>
              {open ? (
                <tr id={historyId} className="bg-slate-50 dark:bg-slate-800/50">
                  <td />
                  <td colSpan={7} className="px-2.5 py-3">
                    <AttemptHistory task={task} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </TableRegion>
  );
}
