import type { BreakerState } from "../lib/breaker-snapshot";

const STYLE: Record<BreakerState, { label: string; className: string; icon: string }> = {
  // A closed circuit lets calls through: the healthy state.
  closed: {
    label: "Closed",
    className: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
    icon: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm3.3 5.2-4 4.3a.8.8 0 0 1-1.1 0L4.7 8.9a.8.8 0 1 1 1.2-1.1l.9.9 3.4-3.7a.8.8 0 0 1 1.1 1.2z",
  },
  // Open: calls are refused until the half-open time.
  open: {
    label: "Open",
    className: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
    icon: "M5.1 1h5.8L15 5.1v5.8L10.9 15H5.1L1 10.9V5.1zm.6 3.6a.8.8 0 0 0-1.1 1.1L6.9 8l-2.3 2.3a.8.8 0 1 0 1.1 1.1L8 9.1l2.3 2.3a.8.8 0 0 0 1.1-1.1L9.1 8l2.3-2.3a.8.8 0 0 0-1.1-1.1L8 6.9z",
  },
  // Half-open: a few probe calls decide whether it closes again.
  "half-open": {
    label: "Half-open",
    className: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
    icon: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 1.6v10.8A5.4 5.4 0 0 1 8 2.6z",
  },
};

/** A breaker's state as text, icon shape and colour together. */
export function BreakerStateBadge({ state }: { state: BreakerState }) {
  const s = STYLE[state];
  return (
    <span data-state={state} className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${s.className}`}>
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false" className="shrink-0 fill-current">
        <path fillRule="evenodd" d={s.icon} />
      </svg>
      {s.label}
    </span>
  );
}
