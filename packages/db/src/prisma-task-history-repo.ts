import { ValidationError } from "@switchyard/shared";
import type { DbClient } from "./prisma-client.js";
import type { SqlDialect } from "./sql-dialect.js";
import {
  MAX_TASK_IDS,
  type TaskFinishState,
  type TaskHistoryRepo,
  type TaskListQuery,
  type TaskPage,
} from "./task-history-repo.js";
import { FINISHED_STATUSES, type TaskRow } from "./task-row.js";
import { taskRowFromModel } from "./task-row-from-model.js";
import { createdRangeCountSql, hasUnindexedFilters, listTaskIdsSql, windowSql, type SqlStatement } from "./list-tasks-sql.js";
import { searchTerms, sqliteCatchUpStatements } from "./task-search-sql.js";
import { mergeTaskRows } from "./merge-task-rows.js";
import type { SqliteWriter } from "./sqlite-write-statements.js";
import { encodeTaskRows, encodeTaskUpdates, upsertTasksParams, upsertTasksSql } from "./upsert-tasks-sql.js";

/**
 * Rows per upsert statement. The platform flushes at most a few thousand at a time, so a
 * call is normally one statement; the cap bounds how long one statement holds locks.
 */
const UPSERT_CHUNK = 5_000;
/**
 * Rows per SQLite write transaction: one holds the file's write lock for roughly 10 µs a row,
 * so the other process never waits long.
 */
const SQLITE_TRANSACTION_ROWS = 2_000;
/** Pending rows moved into the SQLite search index per transaction. */
const SEARCH_CATCH_UP_BATCH = 5_000;

/** Sizes of the successive windows of newest tasks a SQLite search looks in before it goes by index (sqliteIdsInWindows). */
const SQLITE_WINDOWS = [1_000, 10_000];
/** A SQLite time range with at most this many tasks is read by the createdAt index outright (sqliteNarrowRange). */
const SQLITE_NARROW_RANGE = 50_000;
/** Rows per DELETE: small enough that writers on the hot path never wait long for the lock. */
const DELETE_BATCH = 5_000;

export class PrismaTaskHistoryRepo implements TaskHistoryRepo {
  private readonly upsertSql: string;

  /**
   * @param sqliteWriter for SQLite: where upserts go (a worker thread with its own connection);
   *   Prisma's raw statement is used when absent.
   */
  constructor(
    private readonly client: DbClient,
    private readonly dialect: SqlDialect,
    private readonly sqliteWriter?: SqliteWriter,
  ) {
    this.upsertSql = upsertTasksSql(dialect);
  }

  async upsertMany(input: readonly TaskRow[]): Promise<void> {
    const rows = mergeTaskRows(input);
    if (this.sqliteWriter) {
      await this.writeSqlite(this.sqliteWriter, rows);
      return;
    }
    const chunks: unknown[][] = [];
    for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
      chunks.push(upsertTasksParams(this.dialect, rows.slice(i, i + UPSERT_CHUNK)));
    }
    const [first] = chunks;
    if (!first) return;
    if (chunks.length === 1) {
      await this.client.$executeRawUnsafe(this.upsertSql, ...first);
    } else if (this.dialect.kind === "postgres") {
      await this.client.$transaction(
        chunks.map((params) => this.client.$executeRawUnsafe(this.upsertSql, ...params)),
        { maxWait: 10_000, timeout: 60_000 },
      );
    } else {
      // SQLite: one autocommit statement per chunk instead of a transaction. A transaction
      // would hold the file's write lock across awaits, and another connection in this same
      // process (better-sqlite3 waits synchronously) could then block the event loop until its
      // busy timeout. Rows converge by version, so a batch half-applied before an error is
      // simply written again by the retry.
      for (const params of chunks) await this.client.$executeRawUnsafe(this.upsertSql, ...params);
    }
  }

  /**
   * SQLite: a queued row (a new task or a new run) is upserted whole; any later state goes first as
   * a narrow update of the existing row (updateTaskStateSql: no payload encoded or rewritten), and
   * the rows the thread reports missing (a worker finished the task before the queued row landed)
   * are then upserted whole. Every row is encoded (and validated) before any is sent, so a bad row
   * fails the call whole (a payload, fixed at submission, is encoded only when its row is missing). Batches are sent together and written one after another in order; one
   * committed before another fails is harmless: the retry writes it again and rows converge by version.
   */
  private async writeSqlite(writer: SqliteWriter, rows: readonly TaskRow[]): Promise<void> {
    const inserts: TaskRow[] = [];
    const updates: TaskRow[] = [];
    for (const row of rows) (row.status === "queued" ? inserts : updates).push(row);
    const sends: Array<() => Promise<readonly number[]>> = [];
    for (let i = 0; i < inserts.length; i += SQLITE_TRANSACTION_ROWS) {
      const values = encodeTaskRows(this.dialect, inserts.slice(i, i + SQLITE_TRANSACTION_ROWS));
      sends.push(() => writer.write("tasks", values));
    }
    const updateBatches: TaskRow[][] = [];
    for (let i = 0; i < updates.length; i += SQLITE_TRANSACTION_ROWS) {
      const batch = updates.slice(i, i + SQLITE_TRANSACTION_ROWS);
      const values = encodeTaskUpdates(this.dialect, batch);
      updateBatches.push(batch);
      sends.push(() => writer.write("taskStates", values));
    }
    const replies = await Promise.all(sends.map((send) => send()));
    const missing: TaskRow[] = [];
    replies.slice(sends.length - updateBatches.length).forEach((indexes, b) => {
      const batch = updateBatches[b] ?? [];
      for (const i of indexes) {
        const row = batch[i];
        if (row) missing.push(row);
      }
    });
    for (let i = 0; i < missing.length; i += SQLITE_TRANSACTION_ROWS) {
      await writer.write("tasks", encodeTaskRows(this.dialect, missing.slice(i, i + SQLITE_TRANSACTION_ROWS)));
    }
  }

  async get(id: string): Promise<TaskRow | null> {
    const model = await this.client.task.findUnique({ where: { id } });
    return model ? taskRowFromModel(model) : null;
  }

  async getMany(ids: readonly string[]): Promise<TaskRow[]> {
    checkIdCount(ids);
    if (ids.length === 0) return [];
    const models = await this.client.task.findMany({ where: { id: { in: [...new Set(ids)] } } });
    const byId = new Map(models.map((model) => [model.id, taskRowFromModel(model)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async getFinishStates(ids: readonly string[]): Promise<TaskFinishState[]> {
    checkIdCount(ids);
    if (ids.length === 0) return [];
    return this.client.task.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: { id: true, status: true, finishedAt: true },
    });
  }

  async list(query: TaskListQuery): Promise<TaskPage> {
    if (!Number.isInteger(query.limit) || query.limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${query.limit}`);
    }
    if (query.ids) checkIdCount(query.ids);
    if (query.finishedSince && Number.isNaN(query.finishedSince.getTime())) {
      throw new RangeError("finishedSince must be a valid Date");
    }
    for (const [name, date] of [["createdFrom", query.createdFrom], ["createdTo", query.createdTo]] as const) {
      if (date && Number.isNaN(date.getTime())) throw new RangeError(`${name} must be a valid Date`);
    }
    if (query.ids?.length === 0) return { items: [], nextCursor: null };
    if (query.text !== undefined && searchTerms(query.text).length === 0) return { items: [], nextCursor: null };
    // The SQLite index is filled late (see the migration): a search first takes in what is pending.
    if (query.text !== undefined) {
      if (!(await this.searchIndexing())) {
        throw new ValidationError([{ path: "q", message: "text search is switched off on this SQLite database (TASK_SEARCH=on switches it on)" }]);
      }
      await this.catchUpSearchIndex();
    }
    // Filter and page on ids first (see listTaskIdsSql), then read those rows through Prisma.
    const ids =
      this.dialect.kind === "sqlite" && query.ids === undefined && hasUnindexedFilters(query) && !(await this.sqliteNarrowRange(query))
        ? await this.sqliteIdsInWindows(query)
        : await this.pageIds(listTaskIdsSql(this.dialect, query));
    const pageIds = ids.slice(0, query.limit);
    // A row deleted between the two reads (retention) is simply left out of this page.
    const items = await this.getMany(pageIds);
    const last = pageIds[pageIds.length - 1];
    return { items, nextCursor: ids.length > query.limit && last !== undefined ? last : null };
  }

  /**
   * SQLite, a time range without text: true when the range holds at most SQLITE_NARROW_RANGE
   * tasks (counted on the createdAt index alone), so reading them all by that index and sorting
   * beats walking the newest tasks.
   */
  private async sqliteNarrowRange(query: TaskListQuery): Promise<boolean> {
    // Not on SQLite any more: it has no createdAt index (see migration task_search), so counting
    // a range would read the table; windows of the newest ids answer time ranges instead.
    if (this.dialect.kind === "sqlite") return false;
    if (query.text !== undefined || (query.createdFrom === undefined && query.createdTo === undefined)) return false;
    const { sql, params } = createdRangeCountSql(this.dialect, query, SQLITE_NARROW_RANGE + 1);
    const [row] = await this.client.$queryRawUnsafe<{ n: number | bigint }[]>(sql, ...params);
    return Number(row?.n ?? 0) <= SQLITE_NARROW_RANGE;
  }

  private async pageIds({ sql, params }: SqlStatement): Promise<string[]> {
    const rows = await this.client.$queryRawUnsafe<{ id: string }[]>(sql, ...params);
    return rows.map((r) => r.id);
  }

  /**
   * SQLite's planner cannot weigh a full-text match or a time range against walking an index
   * newest first: for a common word it read every match and sorted them (about 0.6 s for one
   * page at 200,000 rows), for a past day it walked the type index through every newer task.
   * So the page is looked for in windows of the newest tasks below the cursor that pass the
   * indexed filters (status, type, pool), SQLITE_WINDOWS of them, where the other filters are
   * cheap (the text one reads only the window's matches); what a page still lacks after them
   * comes from one search below the last window, driven by the full-text or createdAt index:
   * by then the matches are known to be sparse among the newest tasks. The page is exact either
   * way: windows are consecutive ranges of ids, read newest first.
   */
  private async sqliteIdsInWindows(query: TaskListQuery): Promise<string[]> {
    const want = query.limit + 1;
    const ids: string[] = [];
    let ceiling = query.cursor;
    for (const size of SQLITE_WINDOWS) {
      const { sql, params } = windowSql(this.dialect, query, ceiling, size);
      const [window] = await this.client.$queryRawUnsafe<{ n: number | bigint; floor: string | null }[]>(sql, ...params);
      if (!window || window.floor === null) return ids;
      const windowRows = Number(window.n);
      const found = await this.pageIds(
        listTaskIdsSql(this.dialect, query, { floor: window.floor, ...(ceiling !== undefined ? { ceiling } : {}) }, want - ids.length),
      );
      ids.push(...found);
      if (ids.length >= want || windowRows < size) return ids;
      ceiling = window.floor;
    }
    const rest: TaskListQuery = { ...query };
    if (ceiling !== undefined) rest.cursor = ceiling;
    ids.push(...(await this.pageIds(listTaskIdsSql(this.dialect, rest, undefined, want - ids.length))));
    return ids;
  }

  /**
   * SQLite: indexes the rows written since the last catch-up (at most `maxRows`, 0 = all), in
   * transactions of SEARCH_CATCH_UP_BATCH; returns how many were indexed. PostgreSQL keeps its
   * index itself: nothing to do.
   */
  async catchUpSearchIndex(maxRows = 0): Promise<number> {
    if (this.dialect.kind !== "sqlite") return 0;
    const { bound, statements } = sqliteCatchUpStatements(SEARCH_CATCH_UP_BATCH);
    let done = 0;
    while (maxRows === 0 || done < maxRows) {
      const indexed = await this.client.$transaction(async (tx) => {
        const [row] = await tx.$queryRawUnsafe<{ bound: number | bigint | null }[]>(bound);
        if (row?.bound === null || row?.bound === undefined) return 0;
        const upTo = Number(row.bound);
        let n = 0;
        for (const [i, sql] of statements(upTo).entries()) {
          const changed = await tx.$executeRawUnsafe(sql);
          if (i === 1) n = changed;
        }
        return Math.max(n, 1);
      });
      if (indexed === 0) return done;
      done += indexed;
    }
    return done;
  }

  /** Whether text search is kept (always on PostgreSQL; on SQLite per setSearchIndexing). */
  async searchIndexing(): Promise<boolean> {
    if (this.dialect.kind !== "sqlite") return true;
    const [row] = await this.client.$queryRawUnsafe<{ enabled: number | bigint }[]>(`SELECT "enabled" FROM "tasks_search_state" WHERE "id" = 1`);
    return Number(row?.enabled ?? 0) === 1;
  }

  /**
   * SQLite: switches the search triggers on or off. Switching on notes every row (rows written
   * while it was off were never noted) and empties the index, so the catch-up rebuilds it whole.
   */
  async setSearchIndexing(enabled: boolean): Promise<void> {
    if (this.dialect.kind !== "sqlite" || (await this.searchIndexing()) === enabled) return;
    await this.client.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`UPDATE "tasks_search_state" SET "enabled" = ${enabled ? 1 : 0} WHERE "id" = 1`);
      await tx.$executeRawUnsafe(`DELETE FROM "tasks_search_pending"`);
      if (enabled) {
        await tx.$executeRawUnsafe(`DELETE FROM "tasks_search"`);
        await tx.$executeRawUnsafe(`INSERT INTO "tasks_search_pending" ("rowid") SELECT "rowid" FROM "tasks"`);
      }
    });
  }

  async countByStatus(): Promise<Record<string, number>> {
    const groups = await this.client.task.groupBy({ by: ["status"], _count: { _all: true } });
    const counts: Record<string, number> = {};
    for (const group of groups) counts[group.status] = group._count._all;
    return counts;
  }

  async deleteFinished(ids: readonly string[]): Promise<string[]> {
    checkIdCount(ids);
    if (ids.length === 0) return [];
    const d = this.dialect;
    const statuses = FINISHED_STATUSES.map((_, i) => d.param(i + 2, "text")).join(", ");
    const idList = d.kind === "sqlite" ? `SELECT value FROM json_each(${d.param(1, "text")})` : `SELECT unnest(${d.param(1, "text")}::text[])`;
    const rows = await this.client.$queryRawUnsafe<{ id: string }[]>(
      `DELETE FROM "tasks" WHERE "id" IN (${idList}) AND "status" IN (${statuses}) RETURNING "id"`,
      d.kind === "sqlite" ? JSON.stringify([...new Set(ids)]) : [...new Set(ids)],
      ...FINISHED_STATUSES,
    );
    return rows.map((r) => r.id);
  }

  async deleteFinishedBefore(cutoff: Date, dryRun: boolean): Promise<number> {
    if (dryRun) {
      return this.client.task.count({
        where: { status: { in: [...FINISHED_STATUSES] }, finishedAt: { lt: cutoff } },
      });
    }
    // In batches, so a large cleanup never holds the write lock for long.
    const d = this.dialect;
    const statuses = FINISHED_STATUSES.map((_, i) => d.param(i + 1, "text")).join(", ");
    const n = FINISHED_STATUSES.length;
    const sql =
      `DELETE FROM "tasks" WHERE "id" IN (SELECT "id" FROM "tasks" WHERE "status" IN (${statuses}) ` +
      `AND "finishedAt" < ${d.param(n + 1, "timestamp")} LIMIT ${DELETE_BATCH})`;
    let total = 0;
    for (;;) {
      const deleted = await this.client.$executeRawUnsafe(sql, ...FINISHED_STATUSES, d.date(cutoff));
      total += deleted;
      if (deleted < DELETE_BATCH) return total;
    }
  }
}

function checkIdCount(ids: readonly string[]): void {
  if (ids.length > MAX_TASK_IDS) throw new RangeError(`at most ${MAX_TASK_IDS} ids, got ${ids.length}`);
}
