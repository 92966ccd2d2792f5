import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";

/** What the lock file says: the launcher holding DATA_DIR and the watchdog that outlives it. */
export interface LockContent {
  pid: number;
  watchdogPid?: number;
  since: string;
}

export const LOCK_FILE = "launcher.lock";
/** Words in each holder's command line: a pid reused by an unrelated process is not a holder. */
const LAUNCHER_MARK = "scripts/start.ts";
const WATCHDOG_MARK = "launcher-watchdog";

export class DataDirBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataDirBusyError";
  }
}

/** True when `pid` is alive and its command line contains `mark`. */
export function processRuns(pid: number | undefined, mark: string): boolean {
  if (!pid || pid <= 0) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").includes(mark);
  } catch {
    return false; // gone (or no /proc: then nothing is known to hold it)
  }
}

export function readLock(path: string): LockContent | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockContent>;
    return typeof parsed.pid === "number" ? { pid: parsed.pid, since: String(parsed.since ?? ""), ...(typeof parsed.watchdogPid === "number" ? { watchdogPid: parsed.watchdogPid } : {}) } : null;
  } catch {
    return null;
  }
}

export interface LauncherLock {
  path: string;
  /** Records the watchdog's pid, so a new start also waits for a platform that is still stopping. */
  setWatchdog(pid: number): void;
  /** Removes the file when it is still ours. */
  release(): void;
}

/**
 * DATA_DIR/launcher.lock, created exclusively with this launcher's pid. A lock whose launcher
 * and watchdog are both gone (a killed launcher whose children have stopped) is stale and
 * taken over; a live one is refused with a message saying who holds it.
 */
export function acquireLauncherLock(dataDir: string, pid = process.pid): LauncherLock {
  const path = join(dataDir, LOCK_FILE);
  const content: LockContent = { pid, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, JSON.stringify(content));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw err;
      const held = readLock(path);
      if (held && processRuns(held.pid, LAUNCHER_MARK)) {
        throw new DataDirBusyError(
          `DATA_DIR ${dataDir} is in use by another Switchyard launcher (pid ${held.pid}, started ${held.since}): ` +
            `stop it first (Ctrl-C in its terminal, or kill ${held.pid}), or give this one another DATA_DIR`,
        );
      }
      if (held && processRuns(held.watchdogPid, WATCHDOG_MARK)) {
        throw new DataDirBusyError(
          `the platform that ran on DATA_DIR ${dataDir} lost its launcher (pid ${held.pid}) and is still stopping ` +
            `(watchdog pid ${held.watchdogPid}); try again in a few seconds`,
        );
      }
      unlinkSync(path); // stale: nobody of that platform runs any more
    }
  }
  return {
    path,
    setWatchdog(watchdogPid) {
      content.watchdogPid = watchdogPid;
      writeFileSync(path, JSON.stringify(content), { mode: 0o600 });
    },
    release() {
      releaseLock(path, pid);
    },
  };
}

/** Removes the lock file when it still names launcher `pid` (never one a newer launcher took). */
export function releaseLock(path: string, pid: number): void {
  if (readLock(path)?.pid !== pid) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
