import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { MigrateResult } from "./database.js";
import type { MigrationFile } from "./load-migrations.js";
import { failedMigrationError, recordedState, SQLITE_MIGRATIONS_TABLE } from "./prisma-migrations-table.js";
import { SQLITE_BUSY_TIMEOUT_MS, sqliteDateTime } from "./sqlite-settings.js";

interface RecordedRow {
  finished_at: unknown;
  rolled_back_at: unknown;
}

/**
 * Applies pending migrations to a SQLite file, each in its own BEGIN IMMEDIATE transaction:
 * that takes the write lock up front, so concurrent callers (other processes) queue behind it
 * and then find the migration recorded. Uses its own short-lived connection because Prisma's
 * client can neither run multi-statement scripts nor begin IMMEDIATE transactions.
 */
export function migrateSqlite(path: string, migrations: readonly MigrationFile[]): MigrateResult {
  mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    db.pragma("journal_mode = WAL");
    const applied: string[] = [];
    for (const migration of migrations) {
      db.exec("BEGIN IMMEDIATE");
      try {
        db.exec(SQLITE_MIGRATIONS_TABLE);
        const rows = db
          .prepare<[string], RecordedRow>(
            'SELECT "finished_at", "rolled_back_at" FROM "_prisma_migrations" WHERE "migration_name" = ?',
          )
          .all(migration.name);
        const state = recordedState(rows);
        if (state === "failed") throw failedMigrationError(migration.name);
        if (state === "absent") {
          const startedAt = sqliteDateTime(new Date());
          db.exec(migration.sql);
          db.prepare(
            'INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", ' +
              '"rolled_back_at", "started_at", "applied_steps_count") VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
          ).run(randomUUID(), migration.checksum, sqliteDateTime(new Date()), migration.name, startedAt);
          applied.push(migration.name);
        }
        db.exec("COMMIT");
      } catch (err) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw err;
      }
    }
    return { applied };
  } finally {
    db.close();
  }
}
