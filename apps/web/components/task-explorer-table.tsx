"use client";

import Link from "next/link";
import { formatDateTime, formatInt } from "../lib/format";
import type { TaskRow } from "../lib/task-page";
import { checkboxClass, SelectAll } from "./select-all-checkbox";
import { td, th } from "./table-classes";
import { TableRegion } from "./table-region";
import { TaskStatusBadge } from "./task-status-badge";

/** Tasks, newest first: each id links to its page; checkboxes choose rows for a bulk action. */
export function TaskExplorerTable(props: {
  items: readonly TaskRow[];
  busy?: boolean;
  selected: ReadonlySet<string>;
  onSelect: (id: string, checked: boolean) => void;
  onSelectAll: (checked: boolean) => void;
}) {
  const selectedHere = props.items.filter((t) => props.selected.has(t.id)).length;
  return (
    <TableRegion captionId="tasks-caption" caption="Tasks, newest first: type, pool, priority, status, creation time and attempts" busy={props.busy}>
      <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/60">
        <tr>
          <th scope="col" className={`${th} w-10`}>
            <SelectAll count={props.items.length} selected={selectedHere} onChange={props.onSelectAll} />
          </th>
          <th scope="col" className={th}>Task</th>
          <th scope="col" className={th}>Type</th>
          <th scope="col" className={th}>Pool</th>
          <th scope="col" className={th}>Priority</th>
          <th scope="col" className={th}>Status</th>
          <th scope="col" className={th}>Created</th>
          <th scope="col" className={`${th} text-right`}>Attempts</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
        {props.items.map((task) => (
          <tr key={task.id} data-task={task.id} className={props.selected.has(task.id) ? "bg-blue-50 dark:bg-blue-950/40" : undefined}>
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
              <Link
                href={`/tasks/${encodeURIComponent(task.id)}`}
                className="rounded-sm text-blue-800 underline underline-offset-2 dark:text-blue-300"
              >
                {task.id}
              </Link>
            </th>
            <td className={`${td} font-mono text-xs whitespace-nowrap`}>{task.type}</td>
            <td className={`${td} font-mono text-xs`}>{task.pool}</td>
            <td className={td}>{task.priority}</td>
            <td className={td} data-col="status">
              <TaskStatusBadge status={task.status} />
            </td>
            <td className={`${td} whitespace-nowrap`}>
              <time dateTime={task.createdAt}>{formatDateTime(task.createdAt)}</time>
            </td>
            <td className={`${td} text-right tabular-nums`}>{formatInt(task.attempts)}</td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
