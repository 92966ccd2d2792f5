import { prettyJson } from "../lib/task-page";
import { CopyButton } from "./copy-button";

/** A JSON value, pretty-printed in a collapsible block with a copy button. */
export function TaskJsonBlock(props: { title: string; value: unknown; empty: string; name: string; open?: boolean }) {
  const text = prettyJson(props.value);
  if (props.value === undefined || props.value === null) {
    return (
      <div data-json={props.name} className="text-sm text-slate-700 dark:text-slate-200">
        <h3 className="font-semibold text-slate-900 dark:text-white">{props.title}</h3>
        <p className="mt-1">{props.empty}</p>
      </div>
    );
  }
  return (
    <details data-json={props.name} open={props.open ?? true} className="group text-sm">
      <summary className="w-fit cursor-pointer rounded-sm font-semibold text-slate-900 dark:text-white">
        <h3 className="inline">{props.title}</h3>
      </summary>
      <div className="mt-2 space-y-2">
        {/* A focusable scroll box: long lines scroll here, not the page, and keyboards can scroll it. */}
        <pre
          tabIndex={0}
          aria-label={`${props.title} as JSON`}
          className="max-h-96 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs text-slate-900 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
        >
          {text}
        </pre>
        <CopyButton text={text} label={`Copy ${props.title.toLowerCase()}`} />
      </div>
    </details>
  );
}
