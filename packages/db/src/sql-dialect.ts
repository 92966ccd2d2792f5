import type { DatabaseKind } from "./database.js";
import { sqliteDateTime } from "./sqlite-settings.js";

export type ParamType = "text" | "int" | "json" | "timestamp";
export type SqlValue = string | number | null;

/** What raw SQL has to do differently per database, so values read back right through Prisma. */
export interface SqlDialect {
  readonly kind: DatabaseKind;
  /** The placeholder for 1-based parameter n, cast as the column needs. */
  param(n: number, type: ParamType): string;
  /**
   * A SELECT yielding one row per tuple of `columns`, fed by parameters from rowsParams():
   * a handful of parameters whatever the row count, which keeps big batches cheap to send
   * and parse and clear of parameter limits (SQLite 32766, PostgreSQL 65535).
   */
  rowsSelect(columns: readonly ParamType[]): string;
  rowsParams(tuples: readonly SqlValue[][], columns: readonly ParamType[]): unknown[];
  /** The smaller of two values of the same column. */
  least(a: string, b: string): string;
  date(value: Date): string;
  json(value: unknown): string | null;
  text(value: string): string;
}

export const sqliteDialect: SqlDialect = {
  kind: "sqlite",
  param: () => "?",
  // One JSON array of row arrays, unpacked by SQLite itself. "WHERE true" keeps the parser
  // from reading a following ON CONFLICT as a join constraint.
  rowsSelect: (columns) =>
    `SELECT ${columns.map((_, i) => `value->>${i}`).join(", ")} FROM json_each(?) WHERE true`,
  rowsParams: (tuples) => [JSON.stringify(tuples)],
  least: (a, b) => `MIN(${a}, ${b})`,
  date: sqliteDateTime,
  json: (value) => (value === null || value === undefined ? null : JSON.stringify(value)),
  text: (value) => value,
};

const PG_TYPES: Record<ParamType, string> = { text: "text", int: "int", json: "jsonb", timestamp: "timestamp(3)" };

export const postgresDialect: SqlDialect = {
  kind: "postgres",
  param: (n, type) => (type === "text" ? `$${n}` : `$${n}::${PG_TYPES[type]}`),
  // One array per column, zipped back into rows by unnest.
  rowsSelect: (columns) => `SELECT * FROM unnest(${columns.map((type, i) => `$${i + 1}::${PG_TYPES[type]}[]`).join(", ")})`,
  rowsParams: (tuples, columns) => columns.map((_, i) => tuples.map((tuple) => tuple[i] ?? null)),
  least: (a, b) => `LEAST(${a}, ${b})`,
  // Prisma keeps DateTime as UTC in "timestamp(3) without time zone": send the UTC wall
  // time with no offset (a Date would be sent in the process's local zone).
  date: (value) => value.toISOString().replace("T", " ").replace("Z", ""),
  json: (value) => (value === null || value === undefined ? null : stripNulJson(value)),
  // PostgreSQL text cannot hold NUL; one such byte would fail the whole batch on every retry.
  text: (value) => (value.includes("\0") ? value.replaceAll("\0", "") : value),
};

/** JSON text for jsonb, which rejects \u0000 in strings; only re-serialises when one is there. */
function stripNulJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (!text.includes("\\u0000")) return text;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? v.replaceAll("\0", "") : v));
}
