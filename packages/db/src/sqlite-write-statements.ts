import { AUDIT_INSERT_WIDTH, auditInsertSql } from "./audit-insert-sql.js";
import { sqliteDialect } from "./sql-dialect.js";
import type { SqliteRowStatement, SqliteWriteThread } from "./sqlite-write-thread.js";
import { TASK_EXISTS_SQL, UPDATE_ID_PARAM, UPDATE_WIDTH, UPSERT_WIDTH, updateTaskStateSql, upsertTaskValuesSql } from "./upsert-tasks-sql.js";

/** What a process writes to SQLite off its event loop: task history upserts and state changes, and audit entries. */
export const SQLITE_WRITE_STATEMENTS = {
  tasks: { sql: upsertTaskValuesSql(sqliteDialect), width: UPSERT_WIDTH },
  taskStates: { sql: updateTaskStateSql(), width: UPDATE_WIDTH, missing: { sql: TASK_EXISTS_SQL, param: UPDATE_ID_PARAM } },
  audit: { sql: auditInsertSql(), width: AUDIT_INSERT_WIDTH },
} as const satisfies Record<string, SqliteRowStatement>;

export type SqliteWriteStatement = keyof typeof SQLITE_WRITE_STATEMENTS;
export type SqliteWriter = SqliteWriteThread<SqliteWriteStatement>;
