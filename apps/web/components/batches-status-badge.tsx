/** The words a batch's status reads as (colour only repeats them). */
const LABEL: Record<string, string> = {
  running: "Running",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

const TONE: Record<string, string> = {
  running: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-100",
  completed: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
};

export function batchStatusLabel(status: string): string {
  return LABEL[status] ?? status;
}

/** A batch's status as a word, styled like the task status badge. */
export function BatchesStatusBadge({ status }: { status: string }) {
  return (
    <span
      data-status={status}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${
        TONE[status] ?? "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-white"
      }`}
    >
      {batchStatusLabel(status)}
    </span>
  );
}
