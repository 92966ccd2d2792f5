import type { TaskEvent } from "@switchyard/shared/events";
import type { LastEvent } from "../lib/use-live-events";
import { formatClock, formatInt } from "../lib/format";

const KIND_STYLE: Record<TaskEvent["kind"], string> = {
  queued: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100",
  active: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-100",
  progress: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-100",
  completed: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
  retrying: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
  stalled: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
  removed: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100",
};

/** The newest task event seen for a pool; the badge flashes briefly when it changes (not with reduced motion). */
export function LastEventIndicator({ event }: { event: LastEvent | undefined }) {
  if (!event) {
    return <span className="whitespace-nowrap text-slate-600 dark:text-slate-300">None yet</span>;
  }
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      <span
        key={event.seq}
        className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium motion-safe:animate-flash ${KIND_STYLE[event.kind]}`}
      >
        {event.kind}
      </span>
      <time dateTime={new Date(event.at).toISOString()} className="text-xs whitespace-nowrap text-slate-600 tabular-nums dark:text-slate-300">
        {formatClock(event.at)}
      </time>
      <span className="text-xs whitespace-nowrap text-slate-600 dark:text-slate-300">
        {formatInt(event.count)} {event.count === 1 ? "event" : "events"}
      </span>
    </span>
  );
}
