/**
 * How long a SQLite connection waits for another process's write lock (web server and
 * workers write the same file) before failing with SQLITE_BUSY.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * The text form Prisma's better-sqlite3 adapter writes DateTime values in (its default
 * "iso8601" format). Raw writes must use the same form: SQLite compares these as text, so
 * one format everywhere keeps `finishedAt < cutoff` and ordering correct.
 */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}
