"use client";

import { useEffect, useRef } from "react";
import { formatInt } from "../lib/format";

/** The look of a row-selection checkbox in the task tables. */
export const checkboxClass = "size-4 accent-blue-700 dark:accent-blue-400";

/** "Select all on this page" for the task tables: checked when all are, indeterminate when some are. */
export function SelectAll(props: { count: number; selected: number; onChange: (checked: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const all = props.count > 0 && props.selected === props.count;
  // "Some selected" has no HTML attribute; only the DOM property shows (and announces) it.
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = props.selected > 0 && !all;
  }, [props.selected, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className={checkboxClass}
      checked={all}
      onChange={(e) => props.onChange(e.target.checked)}
      aria-label={`Select all ${formatInt(props.count)} tasks on this page`}
    />
  );
}
