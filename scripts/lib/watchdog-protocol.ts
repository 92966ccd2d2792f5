/** What the launcher tells its watchdog over the IPC channel (see launcher-watchdog.ts). */
export type WatchdogMessage =
  | { kind: "track"; name: string; pid: number; role: "app" | "redis" }
  | { kind: "untrack"; pid: number }
  /** The launcher stopped everything itself: exit without doing anything. */
  | { kind: "release" };

/** The watchdog's one command-line argument, as JSON. */
export interface WatchdogArgs {
  launcherPid: number;
  /** DATA_DIR's lock file, removed once the orphans are stopped (only if it still names launcherPid). */
  lockPath: string;
  /** Where it writes what it did (DATA_DIR/launcher-watchdog.log); nothing when unset. */
  logPath?: string;
}
