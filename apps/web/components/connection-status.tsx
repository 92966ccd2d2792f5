import type { LiveStatus } from "../lib/socket";
import type { RefusedPools } from "../lib/use-live-events";
import { formatClock } from "../lib/format";

const LIVE: Record<LiveStatus, { label: string; dot: string }> = {
  connecting: { label: "Connecting", dot: "bg-amber-500" },
  connected: { label: "Connected", dot: "bg-emerald-600 dark:bg-emerald-400" },
  reconnecting: { label: "Reconnecting", dot: "bg-amber-500 motion-safe:animate-pulse" },
  offline: { label: "Offline", dot: "bg-red-600 dark:bg-red-400" },
};

/** Connected, but the server refuses some pools' events for now: say so rather than "Connected". */
const PARTIAL = { label: "Partial", dot: "bg-amber-500" };

/**
 * Live-update and data-refresh state. Only the short state words sit in the polite live
 * region, so a screen reader hears connection changes, never every count or timestamp.
 */
export function ConnectionStatus(props: {
  live: LiveStatus;
  pollFailing: boolean;
  pollPaused: boolean;
  pollError: string | null;
  updatedAt: number | null;
  /** Pools whose live events are refused right now, with the server's reason. */
  refused?: RefusedPools;
}) {
  const refused = Object.entries(props.refused ?? {});
  const live = props.live === "connected" && refused.length > 0 ? PARTIAL : LIVE[props.live];
  const data = props.pollPaused ? "paused while this tab is hidden" : props.pollFailing ? "refresh failing, retrying" : "up to date";
  return (
    <div className="flex flex-col items-start gap-1 text-sm sm:items-end">
      <div role="status" aria-live="polite" aria-atomic="true" className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <span className="inline-flex items-center gap-2 rounded-full border border-slate-200 bg-white px-3 py-1 font-medium text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
          <span aria-hidden="true" className={`size-2 rounded-full ${live.dot}`} />
          <span>
            <span className="text-slate-600 dark:text-slate-300">Live updates: </span>
            {live.label}
          </span>
        </span>
        <span className="inline-flex items-center gap-2 rounded-full border border-slate-200 bg-white px-3 py-1 font-medium text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
          <span
            aria-hidden="true"
            className={`size-2 rounded-full ${props.pollFailing ? "bg-red-600 dark:bg-red-400" : props.pollPaused ? "bg-slate-400" : "bg-emerald-600 dark:bg-emerald-400"}`}
          />
          <span>
            <span className="text-slate-600 dark:text-slate-300">Pool data: </span>
            {data}
          </span>
        </span>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-300">
        {props.updatedAt ? (
          <>
            Last refreshed <time dateTime={new Date(props.updatedAt).toISOString()}>{formatClock(props.updatedAt)}</time>
          </>
        ) : (
          "Waiting for the first refresh…"
        )}
        {props.pollFailing && props.pollError ? <span className="text-red-700 dark:text-red-300"> · {props.pollError}</span> : null}
      </p>
      {refused.length > 0 ? (
        <ul aria-label="Pools without live updates" className="text-xs text-amber-800 dark:text-amber-200">
          {refused.map(([pool, r]) => (
            <li key={pool} data-refused-pool={pool}>
              No live updates for {pool}: {r?.error}
              {r?.retrying ? " (trying again automatically)" : ""}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
