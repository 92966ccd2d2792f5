/** Running or paused, as words with a dot (never colour alone). */
export function PoolStateBadge({ paused }: { paused: boolean }) {
  return paused ? (
    <span className="inline-flex items-center gap-1.5 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-100">
      <span aria-hidden="true" className="size-1.5 rounded-full bg-amber-600 dark:bg-amber-300" />
      Paused
    </span>
  ) : (
    <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
      <span aria-hidden="true" className="size-1.5 rounded-full bg-emerald-600 dark:bg-emerald-300" />
      Running
    </span>
  );
}
