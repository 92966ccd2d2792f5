import type { ReactNode } from "react";

const TONE = {
  info: "border-slate-300 bg-slate-50 text-slate-800 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100",
  warning: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
  error: "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
} as const;

/** A boxed paragraph: a page's standing note (no access, nothing here yet, a load error). */
export function Notice(props: { tone?: keyof typeof TONE; children: ReactNode }) {
  return <div className={`rounded-md border px-4 py-3 text-sm ${TONE[props.tone ?? "info"]}`}>{props.children}</div>;
}
