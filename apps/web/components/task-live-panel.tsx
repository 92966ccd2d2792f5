"use client";

import type { TaskEvent } from "@switchyard/shared/events";
import type { Progress } from "@switchyard/shared/progress";
import { formatClock, formatInt } from "../lib/format";
import { LIVE_STATUS_WORDS, type LiveStatus } from "../lib/socket";
import { card, sectionHeading, sectionText } from "./table-classes";

const EVENT_WORDS: Record<TaskEvent["kind"], string> = {
  queued: "Queued",
  active: "Started",
  progress: "Progress",
  completed: "Completed",
  failed: "Attempt failed",
  retrying: "Waiting to retry",
  stalled: "Stalled (its worker stopped answering)",
  removed: "Removed",
};

/** One line of the message stream: a progress message, or streamed output. */
interface Message {
  seq: string;
  at: number;
  text: string;
}

function messagesOf(events: readonly TaskEvent[]): Message[] {
  const out: Message[] = [];
  for (const ev of events) {
    const text = ev.progress?.delta ?? ev.progress?.message;
    if (ev.kind === "progress" && text) out.push({ seq: ev.seq, at: ev.at, text });
  }
  return out;
}

function describe(ev: TaskEvent): string {
  if (ev.kind === "progress" && ev.progress) return `${EVENT_WORDS.progress} ${formatInt(Math.round(ev.progress.percent))} %`;
  if ((ev.kind === "failed" || ev.kind === "removed") && ev.error) return `${EVENT_WORDS[ev.kind]}: ${ev.error}`;
  return EVENT_WORDS[ev.kind];
}

/**
 * Live progress of one task: a labelled progress bar, the messages it reports (a polite live
 * region: each new line is read once), and a timeline of every event seen on this page.
 */
export function TaskLivePanel(props: {
  status: LiveStatus;
  error: string | null;
  events: readonly TaskEvent[];
  /** The latest progress: from the events, else the one stored with the task. */
  progress: Progress | null;
  finished: boolean;
}) {
  const percent = props.progress ? Math.round(props.progress.percent) : props.finished ? 100 : 0;
  const messages = messagesOf(props.events);
  return (
    <section aria-labelledby="task-live-heading" className={`${card} space-y-4`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="task-live-heading" className={sectionHeading}>
          Progress
        </h2>
        <p className={sectionText} data-live={props.status}>
          Live updates: {LIVE_STATUS_WORDS[props.status]}
          {props.error ? ` (${props.error})` : ""}
        </p>
      </div>

      <div>
        <div className="flex items-baseline justify-between gap-2 text-sm">
          <label htmlFor="task-progress" className="font-medium text-slate-900 dark:text-slate-100">
            Task progress
          </label>
          <span className="tabular-nums text-slate-800 dark:text-slate-100" aria-hidden="true">
            {formatInt(percent)} %
          </span>
        </div>
        <progress
          id="task-progress"
          max={100}
          value={percent}
          aria-valuetext={`${formatInt(percent)} percent${props.progress?.message ? `: ${props.progress.message}` : ""}`}
          className="mt-1 h-3 w-full overflow-hidden rounded-full accent-blue-700 dark:accent-blue-400"
        />
        {props.progress?.message ? (
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-200" data-progress-message="">
            {props.progress.message}
          </p>
        ) : null}
      </div>

      <div>
        <h3 id="task-messages-heading" className="text-sm font-semibold text-slate-900 dark:text-white">
          Messages
        </h3>
        {/* The region exists before its first line, so each new line is announced (once). */}
        <div role="log" aria-live="polite" aria-labelledby="task-messages-heading" data-messages="">
          <ol tabIndex={0} aria-labelledby="task-messages-heading" className="mt-1 max-h-48 space-y-0.5 overflow-y-auto text-sm text-slate-800 empty:hidden dark:text-slate-100">
          {messages.map((m) => (
            <li key={m.seq}>
              <time dateTime={new Date(m.at).toISOString()} className="mr-2 font-mono text-xs text-slate-600 dark:text-slate-300">
                {formatClock(m.at)}
              </time>
              {m.text}
            </li>
          ))}
          </ol>
        </div>
        {messages.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">No messages since this page opened.</p>
        ) : null}
      </div>

      <div>
        <h3 className="text-sm font-semibold text-slate-900 dark:text-white">Timeline</h3>
        {props.events.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">No events since this page opened.</p>
        ) : (
          <ol data-timeline="" className="mt-1 space-y-0.5 border-l-2 border-slate-300 pl-3 text-sm text-slate-800 dark:border-slate-600 dark:text-slate-100">
            {props.events.map((ev) => (
              <li key={ev.seq} data-kind={ev.kind}>
                <time dateTime={new Date(ev.at).toISOString()} className="mr-2 font-mono text-xs text-slate-600 dark:text-slate-300">
                  {formatClock(ev.at)}
                </time>
                {describe(ev)}
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
