"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TaskEvent } from "@switchyard/shared/events";
import { isTerminalStatus } from "@switchyard/shared/task-status";
import { normaliseTaskId } from "../lib/task-filter";
import { useTaskLive } from "../lib/task-live";
import type { TaskDetail } from "../lib/task-page";
import { api } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { AttemptHistory } from "./attempt-history";
import { useAuth } from "./auth-provider";
import { Breadcrumb } from "./breadcrumb";
import { MissingItem } from "./missing-item";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { RefreshState } from "./refresh-state";
import { card, sectionHeading } from "./table-classes";
import { TaskDetailActions } from "./task-detail-actions";
import { TaskDetailFacts } from "./task-detail-facts";
import { TaskDuplicateForm } from "./task-duplicate-form";
import { TaskJsonBlock } from "./task-json-block";
import { TaskLivePanel } from "./task-live-panel";
import { TaskStatusBadge } from "./task-status-badge";

/** Re-read while it runs (live events trigger reads at once; this is the fallback), rarely once finished. */
const LIVE_REFRESH_MS = 5_000;
const DONE_REFRESH_MS = 30_000;

/** The status a live event implies; a failed attempt may be retried or dead, so it waits for the read. */
const LIVE_STATUS: Partial<Record<TaskEvent["kind"], TaskDetail["status"]>> = {
  queued: "queued",
  active: "active",
  retrying: "retrying",
  completed: "completed",
};

/** One task: facts and timings, payload and result, attempts, live progress, and its actions. */
export function TaskDetailView({ id }: { id: string }) {
  const { signOut, token } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  const taskId = normaliseTaskId(id);
  const [terminal, setTerminal] = useState(false);
  const [duplicating, setDuplicating] = useState(false);
  // How many live events had arrived when the latest read started: later ones may be newer than it.
  const receivedRef = useRef(0);
  const [receivedAtRead, setReceivedAtRead] = useState(0);

  const read = usePolling<TaskDetail | null>({
    key: taskId ?? "",
    fetch: async (signal) => {
      if (!taskId) return null;
      const mark = receivedRef.current;
      try {
        const t = await api.tasks.get.query({ id: taskId }, { signal });
        setReceivedAtRead(mark);
        setTerminal(isTerminalStatus(t.status));
        return t;
      } catch (err) {
        if ((err as { data?: { httpStatus?: unknown } }).data?.httpStatus === 404) return null;
        throw err;
      }
    },
    intervalMs: terminal ? DONE_REFRESH_MS : LIVE_REFRESH_MS,
    onUnauthorized,
  });
  const fetched = read.data;
  const missing = read.updatedAt !== null && fetched === null;

  const live = useTaskLive({
    taskId: taskId ?? "",
    token: token ?? null,
    enabled: taskId !== null && !missing,
    onChange: read.refresh,
    onUnauthorized,
  });

  // Events that arrived after the latest read started may be newer than what it says: show their
  // status at once (the history row of a start or finish is written a moment later).
  useEffect(() => {
    receivedRef.current = live.received;
  }, [live.received]);
  const task = useMemo<TaskDetail | null>(() => {
    if (!fetched) return null;
    const newer = live.events.slice(Math.max(0, live.events.length - (live.received - receivedAtRead)));
    let view = fetched;
    for (const ev of newer) {
      const status = LIVE_STATUS[ev.kind];
      if (!status) continue;
      view = { ...view, status };
      if (ev.kind === "active" && !view.startedAt) view = { ...view, startedAt: new Date(ev.at).toISOString() };
      if (ev.kind === "completed") view = { ...view, result: ev.result ?? view.result, finishedAt: new Date(ev.at).toISOString() };
    }
    return view;
  }, [fetched, live.events, live.received, receivedAtRead]);
  const progress = useMemo(() => {
    const last = [...live.events].reverse().find((e) => e.kind === "progress" && e.progress);
    return last?.progress ?? task?.progress ?? null;
  }, [live.events, task]);

  if (taskId === null || missing) {
    return (
      <MissingItem
        parentHref="/tasks"
        parentLabel="Tasks"
        noun="Task"
        id={id}
        title="No such task"
        description="The task may have been deleted, or the id is mistyped."
        linkText="Search the tasks"
      />
    );
  }

  return (
    <div className="space-y-6">
      <Breadcrumb parentHref="/tasks" parentLabel="Tasks" current={`Task ${taskId}`} />
      <PageHeader
        title={
          <>
            Task <span className="font-mono break-all">{taskId}</span>
          </>
        }
        badge={task ? <TaskStatusBadge status={task.status} /> : null}
        description={task ? `A ${task.type} task in pool ${task.pool}.` : "Loading the task…"}
        aside={
          <RefreshState
            what="Task"
            everyMs={terminal ? DONE_REFRESH_MS : LIVE_REFRESH_MS}
            error={read.error}
            paused={read.paused}
            updatedAt={read.updatedAt}
          />
        }
      />

      {task === null ? (
        read.error ? (
          <Notice tone="error">Could not load the task: {read.error}. Retrying.</Notice>
        ) : (
          <p className="py-8 text-sm text-slate-600 dark:text-slate-300">Loading the task…</p>
        )
      ) : (
        <>
          <TaskDetailActions
            task={task}
            duplicating={duplicating}
            onDuplicate={() => setDuplicating((d) => !d)}
            onChanged={read.refresh}
            onUnauthorized={onUnauthorized}
          />
          {duplicating ? <TaskDuplicateForm task={task} onClose={() => setDuplicating(false)} onUnauthorized={onUnauthorized} /> : null}
          <TaskDetailFacts task={task} />
          <TaskLivePanel
            status={live.status}
            error={live.error}
            events={live.events}
            progress={progress}
            finished={task.status === "completed"}
          />
          <section aria-labelledby="task-data-heading" className={`${card} space-y-4`}>
            <h2 id="task-data-heading" className={sectionHeading}>
              Payload and result
            </h2>
            <TaskJsonBlock name="payload" title="Payload" value={task.payload} empty="No payload recorded." />
            <TaskJsonBlock
              name="result"
              title="Result"
              value={task.result}
              empty={isTerminalStatus(task.status) ? "No result: the task did not complete." : "No result yet."}
            />
          </section>
          <section aria-labelledby="task-attempts-heading" className={`${card} space-y-2`}>
            <h2 id="task-attempts-heading" className={sectionHeading}>
              Failed attempts
            </h2>
            {(task.attemptHistory ?? []).length > 0 ? (
              <AttemptHistory task={task} />
            ) : (
              <p className="text-sm text-slate-700 dark:text-slate-200">No attempt of this task has failed.</p>
            )}
          </section>
        </>
      )}
    </div>
  );
}
