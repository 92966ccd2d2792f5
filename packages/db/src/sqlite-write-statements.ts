import { AUDIT_INSERT_WIDTH, auditInsertSql } from "./audit-insert-sql.js";
import { sqliteDialect } from "./sql-dialect.js";
import type { SqliteRowStatement, SqliteWriteThread } from "./sqlite-write-thread.js";
import { UPSERT_WIDTH, upsertTaskValuesSql } from "./upsert-tasks-sql.js";

/** What a process writes to SQLite off its event loop: task history upserts and audit entries. */
export const SQLITE_WRITE_STATEMENTS = {
  tasks: { sql: upsertTaskValuesSql(sqliteDialect), width: UPSERT_WIDTH },
  audit: { sql: auditInsertSql(), width: AUDIT_INSERT_WIDTH },
} as const satisfies Record<string, SqliteRowStatement>;

export type SqliteWriteStatement = keyof typeof SQLITE_WRITE_STATEMENTS;
export type SqliteWriter = SqliteWriteThread<SqliteWriteStatement>;
