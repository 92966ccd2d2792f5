import type { TaskHandler } from "@switchyard/queue";
import { sweepOrphanChunks } from "@switchyard/rag";

export interface ChromaOrphansOptions {
  /** Chroma, e.g. http://127.0.0.1:8000 */
  url: string;
  now?: () => number;
}

/**
 * maintenance.chroma-orphans: what counts as an orphan is defined in rag's chroma-orphans.ts.
 * The sweep goes through the `chroma` breaker, so it waits while Chroma is known to be down.
 */
export function createChromaOrphansHandler(options: ChromaOrphansOptions): TaskHandler<"maintenance.chroma-orphans"> {
  return async ({ payload, dependency, progress }) => {
    const r = await dependency("chroma", (signal) =>
      sweepOrphanChunks({
        url: options.url,
        dryRun: payload.dryRun,
        graceMs: payload.graceMinutes * 60_000,
        signal,
        ...(options.now ? { now: options.now } : {}),
      }),
    );
    await progress({ percent: 100, message: `${payload.dryRun ? "found" : "removed"} ${r.staleGenerations + r.malformed} orphan chunks in ${r.collections} collections` });
    return { dryRun: payload.dryRun, ...r };
  };
}
