import type { ParamType, SqlDialect, SqlValue } from "./sql-dialect.js";
import type { TaskRow } from "./task-row.js";

const COLUMNS: readonly (readonly [name: keyof TaskRow, type: ParamType])[] = [
  ["id", "text"],
  ["type", "text"],
  ["pool", "text"],
  ["priority", "text"],
  ["status", "text"],
  ["payload", "json"],
  ["result", "json"],
  ["error", "text"],
  ["progress", "json"],
  ["attempts", "int"],
  ["version", "int"],
  ["createdAt", "timestamp"],
  ["startedAt", "timestamp"],
  ["finishedAt", "timestamp"],
  ["updatedAt", "timestamp"],
  ["attemptLog", "json"],
  ["submittedBy", "text"],
  ["listedFor", "text"],
];
const TYPES = COLUMNS.map(([, type]) => type);
/** Parameters per row in encodeTaskRows() and upsertTaskValuesSql(). */
export const UPSERT_WIDTH = COLUMNS.length;

/**
 * The upsert for a dialect: INSERT ... SELECT (rows from a few parameters) ON CONFLICT (id)
 * DO UPDATE. The update applies only when the incoming version is at least the stored one,
 * so writes from several processes converge whatever order they land in; payload and
 * startedAt are kept when the newer row lacks them, and createdAt stays the earliest seen.
 * The text is the same for every batch size, so it is built once per dialect.
 */
export function upsertTasksSql(dialect: SqlDialect): string {
  return upsertSql(dialect, dialect.rowsSelect(TYPES));
}

/**
 * The same upsert for one row of UPSERT_WIDTH plain `?` parameters, for SQLite's write thread:
 * a prepared statement run once per row inside one transaction costs about half of what
 * unpacking the same rows from one JSON parameter with json_each does.
 */
export function upsertTaskValuesSql(dialect: SqlDialect): string {
  return upsertSql(dialect, `VALUES (${COLUMNS.map(([, type], i) => dialect.param(i + 1, type)).join(", ")})`);
}

function upsertSql(dialect: SqlDialect, source: string): string {
  return (
    `INSERT INTO "tasks" (${COLUMNS.map(([name]) => `"${name}"`).join(", ")}) ${source} ` +
    `ON CONFLICT ("id") DO UPDATE SET ` +
    // type, pool, submittedBy and listedFor never change for a task id; leaving them out spares
    // SQLite rewriting their index entries (type_id, pool_id, listedFor_id) on every state change.
    `"priority" = excluded."priority", ` +
    `"status" = excluded."status", "payload" = COALESCE(excluded."payload", "tasks"."payload"), ` +
    `"result" = excluded."result", "error" = excluded."error", "progress" = excluded."progress", ` +
    `"attempts" = excluded."attempts", "version" = excluded."version", ` +
    `"createdAt" = ${dialect.least('excluded."createdAt"', '"tasks"."createdAt"')}, ` +
    `"startedAt" = COALESCE(excluded."startedAt", "tasks"."startedAt"), ` +
    `"finishedAt" = excluded."finishedAt", "updatedAt" = excluded."updatedAt", ` +
    `"attemptLog" = COALESCE(excluded."attemptLog", "tasks"."attemptLog") ` +
    `WHERE excluded."version" >= "tasks"."version"`
  );
}

/** Parameters of upsertTasksSql() for rows (ids unique), validated and encoded for the dialect. */
export function upsertTasksParams(dialect: SqlDialect, rows: readonly TaskRow[]): unknown[] {
  return dialect.rowsParams(
    rows.map((row) => COLUMNS.map(([name, type]) => encode(dialect, row, name, type))),
    TYPES,
  );
}

/** Like upsertTasksParams(), but the values of all rows in one flat array, UPSERT_WIDTH per row. */
export function encodeTaskRows(dialect: SqlDialect, rows: readonly TaskRow[]): SqlValue[] {
  const values: SqlValue[] = new Array<SqlValue>(rows.length * UPSERT_WIDTH);
  let i = 0;
  for (const row of rows) {
    for (const [name, type] of COLUMNS) values[i++] = encode(dialect, row, name, type);
  }
  return values;
}

function encode(dialect: SqlDialect, row: TaskRow, name: keyof TaskRow, type: ParamType): SqlValue {
  const value = row[name];
  if (value === null || value === undefined) return null;
  switch (type) {
    case "json":
      return dialect.json(value);
    case "timestamp":
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
        throw new TypeError(`Task ${row.id}: ${name} must be a valid Date`);
      }
      return dialect.date(value);
    case "int":
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new TypeError(`Task ${row.id}: ${name} must be an integer`);
      }
      return value;
    case "text":
      if (typeof value !== "string") throw new TypeError(`Task ${row.id}: ${name} must be a string`);
      return dialect.text(value);
  }
}
