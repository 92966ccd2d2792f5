/** A cell: plain text, or text with a style applied after padding (so widths stay right). */
export type Cell = string | { text: string; style?: (s: string) => string; align?: "left" | "right" };

export interface Column {
  header: string;
  align?: "left" | "right";
  /** Longer cells are cut with "…". */
  maxWidth?: number;
}

function text(c: Cell): string {
  return typeof c === "string" ? c : c.text;
}

function cut(s: string, max: number | undefined): string {
  const oneLine = s.replace(/\s+/g, " ");
  return max !== undefined && oneLine.length > max ? `${oneLine.slice(0, Math.max(1, max - 1))}…` : oneLine;
}

/** Rows of space-padded columns with a header line; no box characters, no colour needed. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly Cell[])[]): string[] {
  const cells = rows.map((r) => columns.map((col, i) => cut(text(r[i] ?? ""), col.maxWidth)));
  const widths = columns.map((col, i) => Math.max(col.header.length, ...cells.map((r) => r[i]!.length)));
  const pad = (s: string, i: number, align: "left" | "right" | undefined): string =>
    align === "right" ? s.padStart(widths[i]!) : s.padEnd(widths[i]!);
  const lines = [columns.map((col, i) => pad(col.header, i, col.align)).join("  ").trimEnd()];
  rows.forEach((r, ri) => {
    const line = columns.map((col, i) => {
      const cell = r[i] ?? "";
      const padded = pad(cells[ri]![i]!, i, typeof cell === "string" ? col.align : (cell.align ?? col.align));
      return typeof cell !== "string" && cell.style ? cell.style(padded) : padded;
    });
    lines.push(line.join("  ").trimEnd());
  });
  return lines;
}
