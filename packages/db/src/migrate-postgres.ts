import { randomUUID } from "node:crypto";
import pg from "pg";
import type { MigrateResult } from "./database.js";
import type { DatabaseTarget } from "./database-url.js";
import type { MigrationFile } from "./load-migrations.js";
import {
  failedMigrationError,
  POSTGRES_MIGRATIONS_TABLE,
  PRISMA_ADVISORY_LOCK_KEY,
  recordedState,
} from "./prisma-migrations-table.js";
import { postgresPoolConfig } from "./postgres-connection.js";

interface RecordedRow {
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies pending migrations to PostgreSQL, each in its own transaction, while holding the
 * same session advisory lock as `prisma migrate`: concurrent callers wait, then find the
 * migrations recorded. Runs on its own connection because migration scripts hold several
 * statements, which only the simple query protocol accepts.
 */
export async function migratePostgres(
  target: Extract<DatabaseTarget, { kind: "postgres" }>,
  migrations: readonly MigrationFile[],
): Promise<MigrateResult> {
  const client = new pg.Client(postgresPoolConfig(target));
  // Errors reach the awaiting query; without a listener an idle-time error would crash the process.
  client.on("error", () => undefined);
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      // Like prisma migrate, create the URL's schema when it is missing (the name is a plain identifier).
      if (target.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
      await client.query(POSTGRES_MIGRATIONS_TABLE);
      const applied: string[] = [];
      for (const migration of migrations) {
        const { rows } = await client.query<RecordedRow>(
          "SELECT finished_at, rolled_back_at FROM _prisma_migrations WHERE migration_name = $1",
          [migration.name],
        );
        const state = recordedState(rows);
        if (state === "failed") throw failedMigrationError(migration.name);
        if (state === "applied") continue;
        await client.query("BEGIN");
        try {
          // now() is the transaction's start, clock_timestamp() the moment the script finished.
          await client.query(migration.sql);
          await client.query(
            "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, " +
              "started_at, applied_steps_count) VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)",
            [randomUUID(), migration.checksum, migration.name],
          );
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw err;
        }
        applied.push(migration.name);
      }
      return { applied };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
