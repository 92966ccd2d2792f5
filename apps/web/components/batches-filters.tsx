"use client";

import { useId, useState, type FormEvent } from "react";
import { BATCH_KINDS, type BatchKind } from "@switchyard/shared/batches";
import { BATCH_PAGE_SIZES } from "../lib/batch-page";
import { fieldClass, labelClass, secondaryButton } from "./button-classes";

export interface BatchesFilter {
  kind: BatchKind | null;
  limit: number;
}

const KIND_WORDS: Record<BatchKind, string> = { scrape: "Scrape (pages)", embed: "Embed (texts or documents)" };

/** Kind and page size, applied together (changing a select alone moves nothing under the reader). */
export function BatchesFilters(props: { applied: BatchesFilter; onApply: (filter: BatchesFilter) => void }) {
  const id = useId();
  const [kind, setKind] = useState<string>(props.applied.kind ?? "");
  const [limit, setLimit] = useState(String(props.applied.limit));

  function onSubmit(e: FormEvent<HTMLFormElement>): void {
    e.preventDefault();
    const k = (BATCH_KINDS as readonly string[]).includes(kind) ? (kind as BatchKind) : null;
    props.onApply({ kind: k, limit: Number(limit) });
  }

  return (
    <form aria-label="Batch filters" onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
      <div className="w-full sm:w-56">
        <label htmlFor={`${id}-kind`} className={labelClass}>
          Kind
        </label>
        <select id={`${id}-kind`} name="kind" value={kind} onChange={(e) => setKind(e.target.value)} className={fieldClass}>
          <option value="">All kinds</option>
          {BATCH_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_WORDS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="w-full sm:w-36">
        <label htmlFor={`${id}-limit`} className={labelClass}>
          Rows per page
        </label>
        <select id={`${id}-limit`} name="limit" value={limit} onChange={(e) => setLimit(e.target.value)} className={fieldClass}>
          {BATCH_PAGE_SIZES.map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={secondaryButton}>
        Apply filters
      </button>
    </form>
  );
}
