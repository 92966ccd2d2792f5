import { mkdtempSync, rmSync } from "node:fs";
import { removePrefixKeys } from "./prefix-keys.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, type Database } from "@switchyard/db";
import { DEFAULT_POOLS, type PoolsConfig } from "@switchyard/shared";
import { createLogger } from "@switchyard/observability";
import { Platform, startWorkerRuntime, type HandlerRegistry, type WorkerRuntime } from "@switchyard/queue";

// Test support for the load-test tests (packages/core/src/load-tests).

/** A platform on the shared test redis-server under a private prefix, a private SQLite file, workers on demand. */
export interface LoadTestBed {
  platform: Platform;
  db: Database;
  startWorker(handlers: HandlerRegistry, concurrency?: number): Promise<WorkerRuntime>;
  close(): Promise<void>;
}

let counter = 0;
/** A worker that serves diagnostic.noop. */
export const NOOP_HANDLERS: HandlerRegistry = { "diagnostic.noop": async () => ({ ok: true as const }) };

export async function startLoadTestBed(redisUrl: string, pools: PoolsConfig = DEFAULT_POOLS): Promise<LoadTestBed> {
  const prefix = `lt${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const dir = mkdtempSync(join(tmpdir(), "sy-load-test-"));
  const dbUrl = `file:${join(dir, "test.db")}`;
  const db = await createDatabase(dbUrl);
  await db.migrate();
  const platform = new Platform({ redisUrl, prefix, pools, db, history: { flushIntervalMs: 50 } });
  const workers: WorkerRuntime[] = [];
  const dbs: Database[] = [db];
  return {
    platform,
    db,
    async startWorker(handlers, concurrency = 20) {
      // Its own connection to the database, as a worker process would have.
      const workerDb = await createDatabase(dbUrl);
      dbs.push(workerDb);
      const w = await startWorkerRuntime({
        redisUrl,
        prefix,
        pools,
        poolNames: ["batch"],
        handlers,
        db: workerDb,
        logger: createLogger("test", "silent"),
        concurrency,
        shutdownGraceMs: 1_000,
      });
      workers.push(w);
      return w;
    },
    async close() {
      for (const w of workers) await w.close().catch(() => undefined);
      await platform.close();
      for (const d of dbs) await d.close().catch(() => undefined);
      await removePrefixKeys(redisUrl, prefix);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

