"use client";

import { useCallback, useEffect, useMemo, useState } from "react";

export interface RowSelection {
  /** Ids selected and still on screen. */
  selected: ReadonlySet<string>;
  /** The selected rows' ids, in the rows' order. */
  selectedIds: string[];
  select: (id: string, checked: boolean) => void;
  selectAll: (checked: boolean) => void;
  clear: () => void;
}

/**
 * Checkbox selection over the rows of a table that refreshes. Only rows on screen stay selected:
 * a row that left the page (acted on by someone else, or aged onto the next page) is dropped, so
 * a bulk action never reaches a row nobody can see.
 */
export function useRowSelection(rows: readonly { id: string }[] | null): RowSelection {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    if (!rows) return;
    const here = new Set(rows.map((r) => r.id));
    setSelected((prev) => {
      const next = new Set([...prev].filter((id) => here.has(id)));
      return next.size === prev.size ? prev : next;
    });
  }, [rows]);

  const select = useCallback((id: string, checked: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const selectAll = useCallback((checked: boolean) => setSelected(checked && rows ? new Set(rows.map((r) => r.id)) : new Set()), [rows]);
  const clear = useCallback(() => setSelected(new Set()), []);
  const selectedIds = useMemo(() => (rows ? rows.filter((r) => selected.has(r.id)).map((r) => r.id) : []), [rows, selected]);

  return { selected, selectedIds, select, selectAll, clear };
}
