import Link from "next/link";
import { formatDateTime, formatRelative } from "../lib/format";
import { describeTiming, type ScheduleView } from "../lib/schedule-timing";
import { primaryButton, secondaryButton } from "./button-classes";
import { TableRegion } from "./table-region";
import { sub, tbody, td, th, thead } from "./table-classes";
import { TaskStatusBadge } from "./task-status-badge";

function StateBadge({ enabled }: { enabled: boolean }) {
  return enabled ? (
    <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
      <span aria-hidden="true" className="size-1.5 rounded-full bg-emerald-600 dark:bg-emerald-300" />
      Enabled
    </span>
  ) : (
    <span className="inline-flex items-center gap-1.5 rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-slate-900 dark:bg-slate-700 dark:text-white">
      <span aria-hidden="true" className="size-1.5 rounded-full bg-slate-500 dark:bg-slate-300" />
      Disabled
    </span>
  );
}

/** A time and how far it is from the last refresh; a next run already past is "due" (no worker has taken it yet). */
function When({ at, now, next = false }: { at: string; now: number; next?: boolean }) {
  const ms = Date.parse(at);
  return (
    <>
      <time dateTime={at} className="whitespace-nowrap">
        {formatDateTime(at)}
      </time>
      <span className={sub}>
        {next && ms <= now ? "due " : ""}
        {formatRelative(ms, now)}
      </span>
    </>
  );
}

/**
 * The maintenance schedules: task, timing in words (and as set), payload, state, next and last
 * run. Writers get "Edit…" and "Run now" per row.
 */
export function SchedulesTable(props: {
  schedules: readonly ScheduleView[];
  now: number;
  busy?: boolean;
  mayWrite: boolean;
  editing: string | null;
  running: string | null;
  onEdit: (s: ScheduleView, button: HTMLButtonElement) => void;
  onRun: (s: ScheduleView) => void;
}) {
  return (
    <TableRegion captionId="schedules-caption" caption="Maintenance schedules: task, timing, payload, state, next and last run" busy={props.busy}>
      <thead className={thead}>
        <tr>
          <th scope="col" className={th}>
            Schedule
          </th>
          <th scope="col" className={th}>
            Task
          </th>
          <th scope="col" className={th}>
            Timing
          </th>
          <th scope="col" className={th}>
            Payload
          </th>
          <th scope="col" className={th}>
            State
          </th>
          <th scope="col" className={th}>
            Next run
          </th>
          <th scope="col" className={th}>
            Last run
          </th>
          {props.mayWrite ? (
            <th scope="col" className={th}>
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody className={tbody}>
        {props.schedules.map((s) => (
          <tr key={s.id} data-schedule={s.id}>
            <th scope="row" className={`${td} min-w-56 text-left font-normal`}>
              <span className="block font-mono font-semibold">{s.id}</span>
              <span className={sub}>{s.description}</span>
            </th>
            <td className={td}>
              <span className="block font-mono text-xs">{s.type}</span>
              <span className={sub}>pool {s.pool}</span>
            </td>
            <td className={`${td} min-w-40`} data-col="timing">
              <span className="block">{describeTiming(s)}</span>
              <span className={`${sub} font-mono`}>{s.pattern !== null ? s.pattern : s.every !== null ? `every ${s.every} ms` : ""}</span>
            </td>
            <td className={`${td} max-w-56`} data-col="payload">
              {Object.keys(s.payload).length === 0 ? (
                <span className="text-slate-700 dark:text-slate-200">none</span>
              ) : (
                <code className="font-mono text-xs break-all">{JSON.stringify(s.payload)}</code>
              )}
            </td>
            <td className={td} data-col="state">
              <StateBadge enabled={s.enabled} />
            </td>
            <td className={td} data-col="next">
              {s.nextRunAt ? <When at={s.nextRunAt} now={props.now} next /> : <span className="text-slate-700 dark:text-slate-200">not scheduled</span>}
            </td>
            <td className={td} data-col="last">
              {s.lastRun ? (
                <>
                  <Link
                    href={`/tasks/${encodeURIComponent(s.lastRun.taskId)}`}
                    className="block font-mono text-xs break-all text-blue-800 underline underline-offset-2 dark:text-blue-300"
                  >
                    {s.lastRun.taskId}
                  </Link>
                  <span className="mt-1 flex flex-wrap items-center gap-2">
                    <TaskStatusBadge status={s.lastRun.status} />
                    <span className="text-xs text-slate-700 dark:text-slate-200">
                      <When at={s.lastRun.createdAt} now={props.now} />
                    </span>
                  </span>
                </>
              ) : (
                <span className="text-slate-700 dark:text-slate-200">never</span>
              )}
            </td>
            {props.mayWrite ? (
              <td className={td}>
                <div className="flex flex-wrap gap-2">
                  <button
                    type="button"
                    className={secondaryButton}
                    aria-expanded={props.editing === s.id}
                    onClick={(e) => props.onEdit(s, e.currentTarget)}
                  >
                    Edit…<span className="sr-only"> {s.id}</span>
                  </button>
                  <button type="button" className={primaryButton} aria-disabled={props.running !== null || undefined} onClick={() => props.onRun(s)}>
                    {props.running === s.id ? "Starting…" : "Run now"}
                    <span className="sr-only"> {s.id}</span>
                  </button>
                </div>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
