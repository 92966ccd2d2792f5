import { formatClock } from "../lib/format";

/**
 * Whether polled data is current. Only the short state words sit in the polite live region,
 * so a screen reader hears "refresh failing", never every timestamp.
 */
export function RefreshState(props: {
  what: string;
  everyMs: number;
  error: string | null;
  paused: boolean;
  updatedAt: number | null;
}) {
  const words = props.paused ? "paused while this tab is hidden" : props.error ? "refresh failing, retrying" : "up to date";
  const dot = props.error ? "bg-red-600 dark:bg-red-400" : props.paused ? "bg-slate-400" : "bg-emerald-600 dark:bg-emerald-400";
  return (
    <div className="flex flex-col items-start gap-1 text-sm sm:items-end">
      <p role="status" aria-live="polite" aria-atomic="true" className="inline-flex items-center gap-2 rounded-full border border-slate-200 bg-white px-3 py-1 font-medium text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
        <span aria-hidden="true" className={`size-2 rounded-full ${dot}`} />
        <span>
          <span className="text-slate-600 dark:text-slate-300">{props.what}: </span>
          {words}
        </span>
      </p>
      <p className="text-xs text-slate-600 dark:text-slate-300">
        {props.updatedAt ? (
          <>
            Refreshed every {Math.round(props.everyMs / 1_000)} s · last at{" "}
            <time dateTime={new Date(props.updatedAt).toISOString()}>{formatClock(props.updatedAt)}</time>
          </>
        ) : (
          "Waiting for the first refresh…"
        )}
        {props.error ? <span className="text-red-700 dark:text-red-300"> · {props.error}</span> : null}
      </p>
    </div>
  );
}
