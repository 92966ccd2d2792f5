import { readdir, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { TaskHandler } from "@switchyard/queue";

const DAY_MS = 86_400_000;

export interface CleanupOptions {
  /** The task history (the database's repository): finished rows before the cut-off go. */
  history: { deleteFinishedBefore(cutoff: Date, dryRun: boolean): Promise<number> };
  /** Where scrape.page stores screenshots (DATA_DIR/screenshots); null: none kept here. */
  screenshotDir?: string | null;
  now?: () => Date;
}

/**
 * maintenance.cleanup: finished task history older than `olderThanDays` (the rows only: Redis
 * trims its own copies after the history check, retention.ts) and screenshots last written
 * before the same cut-off. `dryRun` counts without removing.
 */
export function createMaintenanceCleanupHandler(options: CleanupOptions): TaskHandler<"maintenance.cleanup"> {
  return async ({ payload, signal, progress }) => {
    const cutoff = new Date((options.now?.() ?? new Date()).getTime() - payload.olderThanDays * DAY_MS);
    const historyRows = await options.history.deleteFinishedBefore(cutoff, payload.dryRun);
    await progress({ percent: 50, message: `${payload.dryRun ? "would remove" : "removed"} ${historyRows} history rows` });
    signal.throwIfAborted();
    const screenshots = options.screenshotDir ? await removeOldFiles(options.screenshotDir, cutoff, payload.dryRun, signal) : 0;
    await progress({ percent: 100, message: `${payload.dryRun ? "would remove" : "removed"} ${screenshots} screenshots` });
    return { dryRun: payload.dryRun, cutoff: cutoff.toISOString(), historyRows, screenshots, removed: historyRows + screenshots };
  };
}

/** PNGs directly in `dir` last modified before `cutoff`; a missing directory has none. */
async function removeOldFiles(dir: string, cutoff: Date, dryRun: boolean, signal: AbortSignal): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw err;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith(".png")) continue;
    signal.throwIfAborted();
    const path = join(dir, name);
    try {
      const s = await stat(path);
      if (!s.isFile() || s.mtime >= cutoff) continue;
      if (!dryRun) await unlink(path);
      removed++;
    } catch (err) {
      // Gone already (another worker's cleanup): nothing to count.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  return removed;
}
