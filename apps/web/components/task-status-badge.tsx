/** The words a task's status reads as; `failed` is what older history rows called dead. */
const LABEL: Record<string, string> = {
  queued: "Queued",
  active: "Running",
  retrying: "Retrying",
  completed: "Completed",
  dead: "Dead",
  failed: "Dead",
  cancelled: "Cancelled",
};

const TONE: Record<string, string> = {
  completed: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  dead: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
  active: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-100",
  retrying: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
};

export function taskStatusLabel(status: string): string {
  return LABEL[status] ?? status;
}

/** A task's status as a word (colour only repeats it, so nobody depends on colour). */
export function TaskStatusBadge({ status }: { status: string }) {
  return (
    <span
      data-status={status}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${
        TONE[status] ?? "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-white"
      }`}
    >
      {taskStatusLabel(status)}
    </span>
  );
}
