import type { SqlDialect } from "./sql-dialect.js";
import type { TaskListQuery } from "./task-history-repo.js";

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** Backslash is the escape character of the LIKE patterns built here. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The ids of one page of list(), newest first (one more than the limit, so the caller knows
 * whether another page follows). Raw SQL rather than Prisma's filters because Prisma's
 * `contains` does not escape % and _ and has no case-insensitive mode on SQLite.
 * errorContains ignores case as LIKE does there (SQLite: ASCII letters) and ILIKE does on
 * PostgreSQL (the database's locale), and takes % and _ literally.
 */
export function listTaskIdsSql(dialect: SqlDialect, query: TaskListQuery): SqlStatement {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (value: unknown, type: Parameters<SqlDialect["param"]>[1], build: (p: string) => string) => {
    params.push(value);
    conditions.push(build(dialect.param(params.length, type)));
  };
  if (query.status !== undefined) add(query.status, "text", (p) => `"status" = ${p}`);
  if (query.type !== undefined) add(query.type, "text", (p) => `"type" = ${p}`);
  if (query.pool !== undefined) add(query.pool, "text", (p) => `"pool" = ${p}`);
  // The cursor is the last id of the previous page; ids are unique and time-ordered.
  if (query.cursor !== undefined) add(query.cursor, "text", (p) => `"id" < ${p}`);
  if (query.ids !== undefined) {
    if (dialect.kind === "sqlite") add(JSON.stringify(query.ids), "text", (p) => `"id" IN (SELECT value FROM json_each(${p}))`);
    else add(query.ids, "text", (p) => `"id" = ANY(${p}::text[])`);
  }
  if (query.errorContains !== undefined) {
    const like = dialect.kind === "sqlite" ? "LIKE" : "ILIKE";
    add(likeContains(query.errorContains), "text", (p) => `"error" ${like} ${p} ESCAPE '\\'`);
  }
  if (query.finishedSince !== undefined) {
    add(dialect.date(query.finishedSince), "timestamp", (p) => `"finishedAt" >= ${p}`);
  }
  params.push(query.limit + 1);
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : "";
  return {
    sql: `SELECT "id" FROM "tasks"${where} ORDER BY "id" DESC LIMIT ${dialect.param(params.length, "int")}`,
    params,
  };
}
