import type { ReactNode } from "react";

/** One term and its value in a detail page's facts (a `<dl>` grid). */
export function Fact(props: { name: string; label: string; children: ReactNode }) {
  return (
    <div data-fact={props.name}>
      <dt className="text-xs font-medium text-slate-600 dark:text-slate-300">{props.label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900 dark:text-slate-100">{props.children}</dd>
    </div>
  );
}
