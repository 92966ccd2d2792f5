import type { DeadTask } from "../lib/dead-letter-page";
import { formatDateTime, formatDuration } from "../lib/format";

const th = "px-2 py-1.5 text-left text-xs font-semibold whitespace-nowrap text-slate-700 dark:text-slate-200";
const td = "px-2 py-1.5 align-top text-slate-900 dark:text-slate-100";

/** Every failed attempt of a task, oldest first, across runs (a redrive starts a new run). */
export function AttemptHistory({ task }: { task: DeadTask }) {
  const attempts = task.attemptHistory ?? [];
  if (attempts.length === 0) {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-200">
        No attempt was recorded: the task failed before a worker ran it.
      </p>
    );
  }
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="mb-1 text-left text-xs font-semibold text-slate-700 dark:text-slate-200">
        Attempt history of task <span className="font-mono">{task.id}</span>, oldest first. Each retry or redrive of a dead
        task starts a new run.
      </caption>
      <thead className="border-b border-slate-300 dark:border-slate-600">
        <tr>
          <th scope="col" className={th}>Run</th>
          <th scope="col" className={th}>Attempt</th>
          <th scope="col" className={th}>Error</th>
          <th scope="col" className={th}>Worker</th>
          <th scope="col" className={th}>Started</th>
          <th scope="col" className={th}>Finished</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
        {attempts.map((a) => {
          const took = a.startedAt ? Date.parse(a.finishedAt) - Date.parse(a.startedAt) : null;
          return (
            <tr key={`${a.run}-${a.attempt}-${a.finishedAt}`}>
              <td className={`${td} tabular-nums`}>{a.run + 1}</td>
              <td className={`${td} tabular-nums`}>{a.attempt}</td>
              <td className={`${td} break-words`}>{a.error}</td>
              <td className={`${td} font-mono text-xs break-all`}>{a.workerId ?? "unknown"}</td>
              <td className={`${td} whitespace-nowrap`}>
                {a.startedAt ? <time dateTime={a.startedAt}>{formatDateTime(a.startedAt)}</time> : "unknown"}
              </td>
              <td className={`${td} whitespace-nowrap`}>
                <time dateTime={a.finishedAt}>{formatDateTime(a.finishedAt)}</time>
                {took !== null && took >= 0 ? (
                  <span className="block text-xs text-slate-600 dark:text-slate-300">after {formatDuration(took)}</span>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
