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
import { listTaskIdsSql } from "./list-tasks-sql.js";
import { mergeTaskRows } from "./merge-task-rows.js";
import type { SqliteWriteThread } from "./sqlite-write-thread.js";
import { encodeTaskRows, upsertTasksParams, upsertTasksSql } from "./upsert-tasks-sql.js";

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
    private readonly sqliteWriter?: SqliteWriteThread,
  ) {
    this.upsertSql = upsertTasksSql(dialect);
  }

  async upsertMany(input: readonly TaskRow[]): Promise<void> {
    const rows = mergeTaskRows(input);
    if (this.sqliteWriter) {
      // Encode (and validate) every row before sending any, so a bad row fails the call whole.
      const batches: ReturnType<typeof encodeTaskRows>[] = [];
      for (let i = 0; i < rows.length; i += SQLITE_TRANSACTION_ROWS) {
        batches.push(encodeTaskRows(this.dialect, rows.slice(i, i + SQLITE_TRANSACTION_ROWS)));
      }
      const writer = this.sqliteWriter;
      // Sent together, written one after another in order. A batch committed before another
      // fails is harmless: the retry writes it again and rows converge by version.
      await Promise.all(batches.map((values) => writer.write(values)));
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
    if (query.ids?.length === 0) return { items: [], nextCursor: null };
    // Filter and page on ids first (see listTaskIdsSql), then read those rows through Prisma.
    const { sql, params } = listTaskIdsSql(this.dialect, query);
    const found = await this.client.$queryRawUnsafe<{ id: string }[]>(sql, ...params);
    const ids = found.slice(0, query.limit).map((r) => r.id);
    // A row deleted between the two reads (retention) is simply left out of this page.
    const items = await this.getMany(ids);
    const last = ids[ids.length - 1];
    return { items, nextCursor: found.length > query.limit && last !== undefined ? last : null };
  }

  async countByStatus(): Promise<Record<string, number>> {
    const groups = await this.client.task.groupBy({ by: ["status"], _count: { _all: true } });
    const counts: Record<string, number> = {};
    for (const group of groups) counts[group.status] = group._count._all;
    return counts;
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
