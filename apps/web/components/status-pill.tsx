import type { ReactNode } from "react";

/** The colours a status can take; each pairs a light and a dark background with text that keeps AA contrast on it. */
export type PillTone = "neutral" | "info" | "success" | "warning" | "danger";

export const PILL_TONE: Record<PillTone, string> = {
  neutral: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-white",
  info: "bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-100",
  success: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  warning: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
  danger: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
};

/**
 * A status as a rounded word. The word carries the meaning and colour only repeats it, so nobody
 * depends on colour; `status` is kept as data-status for tests and styles.
 */
export function StatusPill({ status, tone, children }: { status: string; tone: PillTone; children: ReactNode }) {
  return (
    <span
      data-status={status}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${PILL_TONE[tone]}`}
    >
      {children}
    </span>
  );
}
