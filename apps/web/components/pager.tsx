import { formatInt } from "../lib/format";
import { secondaryButton } from "./button-classes";

/**
 * Previous / next for cursor pagination (the API knows "next" only; the page keeps the
 * cursors it came through). Buttons at an end are aria-disabled, so focus stays put.
 */
export function Pager(props: {
  label: string;
  page: number;
  shown: number;
  hasPrevious: boolean;
  hasNext: boolean;
  /** The page asked for has not arrived yet: both buttons wait. */
  loading?: boolean;
  onPrevious: () => void;
  onNext: () => void;
  /** What the rows are, singular and plural (default task, tasks). */
  unit?: readonly [string, string];
}) {
  const [one, many] = props.unit ?? ["task", "tasks"];
  return (
    <nav aria-label={props.label} className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-700 dark:text-slate-200">
        {props.loading
          ? `Loading page ${formatInt(props.page)}…`
          : `Page ${formatInt(props.page)} · ${formatInt(props.shown)} ${props.shown === 1 ? one : many} shown`}
      </p>
      <div className="flex gap-2">
        <button
          type="button"
          className={secondaryButton}
          aria-disabled={!props.hasPrevious || props.loading || undefined}
          onClick={() => props.hasPrevious && !props.loading && props.onPrevious()}
        >
          Previous page
        </button>
        <button
          type="button"
          className={secondaryButton}
          aria-disabled={!props.hasNext || props.loading || undefined}
          onClick={() => props.hasNext && !props.loading && props.onNext()}
        >
          Next page
        </button>
      </div>
    </nav>
  );
}
