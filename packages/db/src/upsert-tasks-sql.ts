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
];
const TYPES = COLUMNS.map(([, type]) => type);

/**
 * The upsert for a dialect: INSERT ... SELECT (rows from a few parameters) ON CONFLICT (id)
 * DO UPDATE. The update applies only when the incoming version is at least the stored one,
 * so writes from several processes converge whatever order they land in; payload and
 * startedAt are kept when the newer row lacks them, and createdAt stays the earliest seen.
 * The text is the same for every batch size, so it is built once per dialect.
 */
export function upsertTasksSql(dialect: SqlDialect): string {
  return (
    `INSERT INTO "tasks" (${COLUMNS.map(([name]) => `"${name}"`).join(", ")}) ${dialect.rowsSelect(TYPES)} ` +
    `ON CONFLICT ("id") DO UPDATE SET ` +
    `"type" = excluded."type", "pool" = excluded."pool", "priority" = excluded."priority", ` +
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
