import { chmodSync, closeSync, mkdirSync, openSync, statSync } from "node:fs";

const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

/** Narrow `path` to `mode` when it is wider; false when another user owns it (left as is). */
function narrow(path: string, mode: number): boolean {
  if ((statSync(path).mode & 0o777) === mode) return true;
  try {
    chmodSync(path, mode);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EPERM") return false;
    throw err;
  }
}

/**
 * A directory only its owner can enter (0700), created so whatever the umask; an existing one
 * with wider access (a DATA_DIR from before this rule) is narrowed. False when it belongs to
 * another user and could not be narrowed.
 */
export function ensurePrivateDir(dir: string): boolean {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  return narrow(dir, PRIVATE_DIR_MODE);
}

/**
 * A file only its owner can read (0600): created empty with that mode when missing (the SQLite
 * database, before migrate() opens it: SQLite takes an empty file as a new database and gives
 * its -wal/-shm files the database file's mode), narrowed when wider.
 */
export function ensurePrivateFile(path: string): boolean {
  closeSync(openSync(path, "a", PRIVATE_FILE_MODE));
  return narrow(path, PRIVATE_FILE_MODE);
}
