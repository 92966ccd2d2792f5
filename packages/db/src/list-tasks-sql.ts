import type { ParamType, SqlDialect } from "./sql-dialect.js";
import type { TaskListQuery } from "./task-history-repo.js";
import { POSTGRES_SEARCH_VECTOR, postgresTsQuery, searchTerms, sqliteMatchQuery } from "./task-search-sql.js";

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** Backslash is the escape character of the LIKE patterns built here. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Placeholders numbered in the order they are made, so SQL text and parameters stay in step. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: SqlDialect) {}
  p(value: unknown, type: ParamType): string {
    this.values.push(value);
    return this.dialect.param(this.values.length, type);
  }
}

/**
 * Where a SQLite page search looks (see PrismaTaskHistoryRepo.list): only ids in
 * [floor, ceiling), and the text filter then reads only the full-text matches of that window.
 */
export interface IdWindow {
  /** Lowest id of the window, inclusive; absent: down to the oldest task. */
  floor?: string;
  /** Ids below this one; absent: from the newest task. */
  ceiling?: string;
}

/** The filters that an index on (column, id) serves, so a walk newest-first along it is cheap. */
function indexedConditions(query: TaskListQuery, ps: Params): string[] {
  const out: string[] = [];
  if (query.status !== undefined) out.push(`"status" = ${ps.p(query.status, "text")}`);
  if (query.type !== undefined) out.push(`"type" = ${ps.p(query.type, "text")}`);
  if (query.pool !== undefined) out.push(`"pool" = ${ps.p(query.pool, "text")}`);
  if (query.listedFor !== undefined) out.push(`"listedFor" = ${ps.p(query.listedFor, "text")}`);
  return out;
}

/**
 * The one indexed filter a window is walked along (submitter, else type, else status, else pool), so the walk
 * reads nothing but that index; the other filters apply to the rows inside the window.
 */
function windowConditions(query: TaskListQuery, ps: Params): string[] {
  if (query.listedFor !== undefined) return [`"listedFor" = ${ps.p(query.listedFor, "text")}`];
  if (query.type !== undefined) return [`"type" = ${ps.p(query.type, "text")}`];
  if (query.status !== undefined) return [`"status" = ${ps.p(query.status, "text")}`];
  if (query.pool !== undefined) return [`"pool" = ${ps.p(query.pool, "text")}`];
  return [];
}

/** True when the query filters on more than what indexedConditions() covers. */
export function hasUnindexedFilters(query: TaskListQuery): boolean {
  return (
    query.text !== undefined ||
    query.priority !== undefined ||
    query.createdFrom !== undefined ||
    query.createdTo !== undefined ||
    query.errorContains !== undefined ||
    query.finishedSince !== undefined
  );
}

const where = (conditions: string[]) => (conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : "");

/**
 * The ids of one page of list(), newest first (one more than the limit, so the caller knows
 * whether another page follows). Raw SQL rather than Prisma's filters because Prisma's
 * `contains` does not escape % and _ and has no case-insensitive mode on SQLite.
 * errorContains ignores case as LIKE does there (SQLite: ASCII letters) and ILIKE does on
 * PostgreSQL (the database's locale), and takes % and _ literally.
 *
 * With `window` (SQLite only): only ids inside it, and the text filter asks FTS5 only for
 * matches at or above the smallest rowid among the window's rows. A task's rowid is fixed at
 * its first write and later tasks get higher ones, so those matches are few for a window of the
 * newest tasks, where "every match" may be most of the table. Without a window the text filter
 * reads every match (cheap when they are few) and a time range goes by the createdAt index.
 */
export function listTaskIdsSql(dialect: SqlDialect, query: TaskListQuery, window?: IdWindow, limit = query.limit + 1): SqlStatement {
  const ps = new Params(dialect);
  const conditions = indexedConditions(query, ps);
  const ceiling = window ? window.ceiling : query.cursor;
  // The cursor is the last id of the previous page; ids are unique and time-ordered.
  if (ceiling !== undefined) conditions.push(`"id" < ${ps.p(ceiling, "text")}`);
  if (window?.floor !== undefined) conditions.push(`"id" >= ${ps.p(window.floor, "text")}`);
  if (query.priority !== undefined) conditions.push(`"priority" = ${ps.p(query.priority, "text")}`);
  if (query.createdFrom !== undefined) conditions.push(`"createdAt" >= ${ps.p(dialect.date(query.createdFrom), "timestamp")}`);
  if (query.createdTo !== undefined) conditions.push(`"createdAt" <= ${ps.p(dialect.date(query.createdTo), "timestamp")}`);
  if (query.ids !== undefined) {
    if (dialect.kind === "sqlite") conditions.push(`"id" IN (SELECT value FROM json_each(${ps.p(JSON.stringify(query.ids), "text")}))`);
    else conditions.push(`"id" = ANY(${ps.p(query.ids, "text")}::text[])`);
  }
  if (query.errorContains !== undefined) {
    const like = dialect.kind === "sqlite" ? "LIKE" : "ILIKE";
    conditions.push(`"error" ${like} ${ps.p(likeContains(query.errorContains), "text")} ESCAPE '\\'`);
  }
  if (query.finishedSince !== undefined) {
    conditions.push(`"finishedAt" >= ${ps.p(dialect.date(query.finishedSince), "timestamp")}`);
  }
  if (query.text !== undefined) {
    // The caller answers an empty page when there are no words (list()), so terms is never empty here.
    const terms = searchTerms(query.text);
    if (dialect.kind === "postgres") {
      conditions.push(`${POSTGRES_SEARCH_VECTOR} @@ to_tsquery('simple'::regconfig, ${ps.p(postgresTsQuery(terms), "text")})`);
    } else {
      const match = `SELECT "rowid" FROM "tasks_search" WHERE "tasks_search" MATCH ${ps.p(sqliteMatchQuery(terms), "text")}`;
      if (window?.floor === undefined) {
        conditions.push(`"rowid" IN (${match})`);
      } else {
        const inWindow = windowConditions(query, ps);
        inWindow.push(`"id" >= ${ps.p(window.floor, "text")}`);
        if (window.ceiling !== undefined) inWindow.push(`"id" < ${ps.p(window.ceiling, "text")}`);
        // min(+rowid): a plain min(rowid) makes SQLite walk the table in rowid order from the oldest row.
        conditions.push(`"rowid" IN (${match} AND "rowid" >= (SELECT min(+"rowid") FROM "tasks"${where(inWindow)}))`);
      }
    }
  }
  // SQLite's planner cannot tell how many rows a createdAt range holds; past the newest tasks
  // (no window) it is the narrow side, so go by its index unless text or ids drive the search.
  const byCreatedAt =
    dialect.kind === "sqlite" && !window && query.text === undefined && query.ids === undefined &&
    (query.createdFrom !== undefined || query.createdTo !== undefined);
  const from = byCreatedAt ? `"tasks" INDEXED BY "tasks_createdAt_idx"` : `"tasks"`;
  const limitParam = ps.p(limit, "int");
  return { sql: `SELECT "id" FROM ${from}${where(conditions)} ORDER BY "id" DESC LIMIT ${limitParam}`, params: ps.values };
}

/**
 * SQLite: the window of the `size` newest tasks below `ceiling` that match one indexed filter
 * (a walk down its (column, id) index, or the primary key): how many there are (fewer than size:
 * the walk reached the oldest task) and the lowest id among them.
 */
export function windowSql(dialect: SqlDialect, query: TaskListQuery, ceiling: string | undefined, size: number): SqlStatement {
  const ps = new Params(dialect);
  const conditions = windowConditions(query, ps);
  if (ceiling !== undefined) conditions.push(`"id" < ${ps.p(ceiling, "text")}`);
  const limit = ps.p(size, "int");
  return {
    sql: `SELECT count(*) AS "n", min("id") AS "floor" FROM (SELECT "id" FROM "tasks"${where(conditions)} ORDER BY "id" DESC LIMIT ${limit})`,
    params: ps.values,
  };
}

/** How many tasks (at most `cap`) were created in the query's time range, counted on the createdAt index alone. */
export function createdRangeCountSql(dialect: SqlDialect, query: TaskListQuery, cap: number): SqlStatement {
  const ps = new Params(dialect);
  const conditions: string[] = [];
  if (query.createdFrom !== undefined) conditions.push(`"createdAt" >= ${ps.p(dialect.date(query.createdFrom), "timestamp")}`);
  if (query.createdTo !== undefined) conditions.push(`"createdAt" <= ${ps.p(dialect.date(query.createdTo), "timestamp")}`);
  const limit = ps.p(cap, "int");
  return { sql: `SELECT count(*) AS "n" FROM (SELECT 1 FROM "tasks"${where(conditions)} LIMIT ${limit})`, params: ps.values };
}
