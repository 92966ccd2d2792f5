/** Alive or gone: a word, a distinct icon shape and a colour, so no one depends on colour. */
export function WorkerStatusBadge({ status }: { status: "alive" | "gone" }) {
  return status === "alive" ? (
    <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false" className="fill-current">
        <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm3.3 5.2-4 4.3a.8.8 0 0 1-1.1 0L4.7 8.9a.8.8 0 1 1 1.2-1.1l.9.9 3.4-3.7a.8.8 0 0 1 1.1 1.2z" />
      </svg>
      Alive
    </span>
  ) : (
    <span className="inline-flex items-center gap-1.5 rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-900 dark:bg-slate-700 dark:text-white">
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false" className="fill-none stroke-current" strokeWidth="1.6">
        <circle cx="8" cy="8" r="6.2" strokeDasharray="2.4 2" />
      </svg>
      Gone
    </span>
  );
}
