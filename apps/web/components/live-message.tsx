import type { ReactNode } from "react";

/**
 * Live regions that exist before their message does: screen readers announce content
 * added to a region they already know, not a region inserted together with its text.
 */
export function AlertMessage({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <div id={id} role="alert" className="empty:hidden">
      {children ? (
        <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          {children}
        </p>
      ) : null}
    </div>
  );
}

const TONE = {
  success: "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100",
  warning: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
} as const;

/**
 * A polite announcement (an action's outcome); stays visible until the next one. `seq`
 * replaces the text node even when the words repeat, so the same outcome twice is heard twice.
 */
export function StatusMessage(props: { id?: string; seq?: number; tone?: keyof typeof TONE; children: ReactNode }) {
  return (
    <div id={props.id} role="status" aria-live="polite" aria-atomic="true" className="empty:hidden">
      {props.children ? (
        <p key={props.seq} className={`rounded-md border px-3 py-2 text-sm ${TONE[props.tone ?? "success"]}`}>
          {props.children}
        </p>
      ) : null}
    </div>
  );
}
