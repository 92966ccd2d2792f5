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
 * so writes from several processes converge whatever order they land in; the stored payload is
 * kept (it is fixed at submission), startedAt is kept when the newer row lacks it, and createdAt
 * stays the earliest seen.
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
    // A task's payload is fixed at submission (a duplicate is a new task): the stored one stays, and
    // a row that arrives carrying one only fills a gap (the SQLite state update never sends it).
    `"status" = excluded."status", "payload" = COALESCE("tasks"."payload", excluded."payload"), ` +
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

/**
 * A state change of a task whose row exists, for SQLite's write thread: an UPDATE by id of the
 * columns a state change can touch, under the same version guard and merge rules as the upsert
 * (createdAt stays the earliest, startedAt and attemptLog survive when the new row lacks them).
 * The columns that never change for a task id are left alone: type, pool, submittedBy, listedFor
 * and the payload (a task's payload is fixed at submission; a duplicate is a new task). So a
 * worker's active, completed or dead row neither encodes nor rewrites the payload, which for an
 * ingested document is the bulk of the row. A row that is not there yet (the worker can finish a
 * task before the web's queued row is written) is reported back by the thread and then upserted whole.
 */
const UPDATE_COLUMNS: readonly (readonly [name: keyof TaskRow, type: ParamType, set: string])[] = [
  ["priority", "text", `"priority" = ?`],
  ["status", "text", `"status" = ?`],
  ["result", "json", `"result" = ?`],
  ["error", "text", `"error" = ?`],
  ["progress", "json", `"progress" = ?`],
  ["attempts", "int", `"attempts" = ?`],
  ["version", "int", `"version" = ?`],
  ["createdAt", "timestamp", `"createdAt" = MIN(?, "createdAt")`],
  ["startedAt", "timestamp", `"startedAt" = COALESCE(?, "startedAt")`],
  ["finishedAt", "timestamp", `"finishedAt" = ?`],
  ["updatedAt", "timestamp", `"updatedAt" = ?`],
  ["attemptLog", "json", `"attemptLog" = COALESCE(?, "attemptLog")`],
];
/** Parameters per row of updateTaskStateSql(): the SET values, then the id, then the version again for the guard. */
export const UPDATE_WIDTH = UPDATE_COLUMNS.length + 2;
/** Where the id is among a row's parameters (the write thread checks whether a row that changed nothing exists). */
export const UPDATE_ID_PARAM = UPDATE_COLUMNS.length;

/** SQLite only (positional `?` parameters): see UPDATE_COLUMNS. */
export function updateTaskStateSql(): string {
  return `UPDATE "tasks" SET ${UPDATE_COLUMNS.map(([, , set]) => set).join(", ")} WHERE "id" = ? AND "version" <= ?`;
}

/** Whether a task row exists, by id (the write thread's check after an update that changed nothing). */
export const TASK_EXISTS_SQL = `SELECT 1 FROM "tasks" WHERE "id" = ?`;

/** The parameters of updateTaskStateSql() for rows, flat, UPDATE_WIDTH per row, validated like encodeTaskRows(). */
export function encodeTaskUpdates(dialect: SqlDialect, rows: readonly TaskRow[]): SqlValue[] {
  const values: SqlValue[] = new Array<SqlValue>(rows.length * UPDATE_WIDTH);
  let i = 0;
  for (const row of rows) {
    for (const [name, type] of UPDATE_COLUMNS) values[i++] = encode(dialect, row, name, type);
    values[i++] = encode(dialect, row, "id", "text");
    values[i++] = encode(dialect, row, "version", "int");
  }
  return values;
}
