import { formatInt } from "../lib/format";

/**
 * A batch's progress: a native <progress> named by `label` (visible, or only for screen readers
 * in a table row) whose value text carries the tally, the percent, and the tally as text. Not a
 * live region: a busy batch moves often, and the page announces only state changes.
 */
export function BatchesProgressBar(props: {
  id: string;
  label: string;
  /** Show the label above the bar (the detail page); in a table row it is the bar's aria-label. */
  visibleLabel?: boolean;
  percent: number;
  message: string | null;
}) {
  const percent = Math.max(0, Math.min(100, Math.round(props.percent)));
  const valueText = `${formatInt(percent)} percent${props.message ? `: ${props.message}` : ""}`;
  return (
    <div className={props.visibleLabel ? undefined : "min-w-40"}>
      <div className="flex items-baseline justify-between gap-2 text-sm">
        {props.visibleLabel ? (
          <label htmlFor={props.id} className="font-medium text-slate-900 dark:text-slate-100">
            {props.label}
          </label>
        ) : null}
        <span className="tabular-nums text-slate-800 dark:text-slate-100" aria-hidden="true" data-percent="">
          {formatInt(percent)} %
        </span>
      </div>
      <progress
        id={props.id}
        max={100}
        value={percent}
        aria-label={props.visibleLabel ? undefined : props.label}
        aria-valuetext={valueText}
        className="mt-1 h-3 w-full overflow-hidden rounded-full accent-blue-700 dark:accent-blue-400"
      />
      {props.message ? (
        <p className={`mt-1 text-slate-700 dark:text-slate-200 ${props.visibleLabel ? "text-sm" : "text-xs"}`} data-progress-message="">
          {props.message}
        </p>
      ) : null}
    </div>
  );
}
