import type { ReactNode } from "react";

/**
 * A data table in a keyboard-scrollable card: the region is named by the table's caption (read
 * by screen readers, hidden on screen), so a wide table scrolls inside it on narrow screens.
 */
export function TableRegion(props: { captionId: string; caption: ReactNode; busy?: boolean; children: ReactNode }) {
  // `relative`: the sr-only texts inside are absolutely positioned; without a positioned
  // ancestor they escape this scroll box and widen the whole page on narrow screens.
  return (
    <div
      role="region"
      aria-labelledby={props.captionId}
      tabIndex={0}
      aria-busy={props.busy || undefined}
      className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs aria-busy:cursor-progress dark:border-slate-800 dark:bg-slate-900"
    >
      <table className="min-w-full border-collapse text-sm">
        <caption id={props.captionId} className="sr-only">
          {props.caption}
        </caption>
        {props.children}
      </table>
    </div>
  );
}
