import { chmodSync, closeSync, openSync, statSync } from "node:fs";

/**
 * How long a SQLite connection waits for another process's write lock (web server and
 * workers write the same file) before failing with SQLITE_BUSY.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * The text form Prisma's better-sqlite3 adapter writes DateTime values in (its default
 * "iso8601" format, `toISOString()` with "+00:00" for "Z"). Raw writes must use the same form:
 * SQLite compares these as text, so one format everywhere keeps `finishedAt < cutoff` and
 * ordering correct. Built from a cached "YYYY-MM-DDT" prefix plus arithmetic on the time of
 * day, because it runs for four columns of every history row and toISOString() costs about
 * a microsecond each on a small machine.
 */
export function sqliteDateTime(date: Date): string {
  const ms = date.getTime();
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    // Years outside 0000-9999 (and invalid dates, which throw here) take the slow path.
    if (!(ms >= MIN_FAST_MS && ms < MAX_FAST_MS)) return date.toISOString().replace("Z", "+00:00");
    cachedPrefix = date.toISOString().slice(0, 11);
    cachedDay = day;
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1_000);
  const millis = rest - seconds * 1_000;
  return `${cachedPrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[millis]}+00:00`;
}

const DAY_MS = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z: four-digit years, as toISOString() writes them. */
const MIN_FAST_MS = Date.parse("0000-01-01T00:00:00.000Z");
const MAX_FAST_MS = Date.parse("+010000-01-01T00:00:00.000Z");
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const THREE_DIGITS = Array.from({ length: 1_000 }, (_, i) => String(i).padStart(3, "0"));
let cachedDay = Number.NaN;
let cachedPrefix = "";

/** The SQLite file and its companions: the database holds token hashes and task payloads. */
const SQLITE_FILE_MODE = 0o600;
const SQLITE_COMPANIONS = ["-wal", "-shm", "-journal"];

/**
 * Owner-only (0600) SQLite files, whatever the umask: a missing database file is created empty
 * with that mode before SQLite opens it (SQLite takes an empty file as a new database and
 * creates its -wal/-shm files with the database file's mode); existing files with wider modes
 * are narrowed, e.g. a DATA_DIR from before this rule. Files owned by another user are left
 * as they are (only their owner may change the mode).
 */
export function ensurePrivateSqliteFiles(path: string): void {
  closeSync(openSync(path, "a", SQLITE_FILE_MODE));
  for (const file of [path, ...SQLITE_COMPANIONS.map((suffix) => `${path}${suffix}`)]) {
    try {
      if ((statSync(file).mode & 0o777) !== SQLITE_FILE_MODE) chmodSync(file, SQLITE_FILE_MODE);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "EPERM") throw err;
    }
  }
}
