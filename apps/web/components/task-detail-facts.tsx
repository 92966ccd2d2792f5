"use client";

import { useEffect, useState } from "react";
import { isTerminalStatus } from "@switchyard/shared/task-status";
import { formatDateTime, formatDuration, formatInt } from "../lib/format";
import { taskTimings, type TaskDetail } from "../lib/task-page";
import { Fact } from "./fact";
import { card } from "./table-classes";
import { TaskStatusBadge } from "./task-status-badge";

function When({ at, none }: { at: string | null; none: string }) {
  return at ? <time dateTime={at}>{formatDateTime(at)}</time> : <>{none}</>;
}

/** Type, pool, priority, status, and the path queued → started → finished with wait and run times. */
export function TaskDetailFacts({ task }: { task: TaskDetail }) {
  const running = !isTerminalStatus(task.status) && task.startedAt !== null;
  // A running task's run time grows: tick once a second while it runs.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, [running]);
  const { waitMs, runMs } = taskTimings(task, now);

  return (
    <section aria-labelledby="task-facts-heading" className={card}>
      <h2 id="task-facts-heading" className="sr-only">
        Facts
      </h2>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Fact name="status" label="Status">
          <TaskStatusBadge status={task.status} />
        </Fact>
        <Fact name="type" label="Type">
          <span className="font-mono">{task.type}</span>
        </Fact>
        <Fact name="pool" label="Pool">
          <span className="font-mono">{task.pool}</span>
        </Fact>
        <Fact name="priority" label="Priority">
          {task.priority}
        </Fact>
        <Fact name="queued" label="Queued">
          <When at={task.createdAt} none="unknown" />
        </Fact>
        <Fact name="started" label="Started">
          <When at={task.startedAt} none="not yet" />
          {waitMs !== null ? <span className="block text-xs text-slate-600 dark:text-slate-300">after waiting {formatDuration(waitMs)}</span> : null}
        </Fact>
        <Fact name="finished" label="Finished">
          <When at={task.finishedAt} none={isTerminalStatus(task.status) ? "unknown" : "not yet"} />
          {runMs !== null ? (
            <span className="block text-xs text-slate-600 dark:text-slate-300">
              {task.finishedAt ? `ran ${formatDuration(runMs)}` : `running for ${formatDuration(runMs)}`}
            </span>
          ) : null}
        </Fact>
        <Fact name="attempts" label="Attempts this run">
          {formatInt(task.attempts)}
        </Fact>
      </dl>
      {task.error ? (
        <p data-fact="error" className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <span className="font-semibold">Error: </span>
          {task.error}
        </p>
      ) : null}
    </section>
  );
}
