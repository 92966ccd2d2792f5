/**
 * Prisma's own bookkeeping table, created exactly as `prisma migrate` creates it, so that
 * `prisma migrate deploy` run elsewhere sees our migrations as applied (and we see its).
 */
export const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

/** The advisory lock key `prisma migrate` takes on PostgreSQL; sharing it serialises us with it. */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** State of one migration according to _prisma_migrations. */
export type RecordedState = "applied" | "failed" | "absent";

export function recordedState(rows: readonly { finished_at: unknown; rolled_back_at: unknown }[]): RecordedState {
  // Prisma keeps rolled-back attempts as rows; only a finished, not rolled-back row counts.
  if (rows.some((r) => r.finished_at !== null && r.rolled_back_at === null)) return "applied";
  if (rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) return "failed";
  return "absent";
}

export function failedMigrationError(name: string): Error {
  return new Error(
    `Migration ${name} is recorded as failed in _prisma_migrations (started, never finished). ` +
      "Fix the database by hand, then mark it with `prisma migrate resolve --rolled-back " +
      `${name}\` (or delete its row) and start again.`,
  );
}
