import { hostname } from "node:os";
import { createDatabase } from "@switchyard/db";
import { loadPoolsConfig, startWorkerRuntime, type WorkerRuntime } from "@switchyard/queue";
import { createEmbedTextsHandler } from "@switchyard/tasks";
import type { RunnerLogger } from "../logger.js";
import type { Runner } from "../runner-api.js";
import type { EmbedPoolConfig } from "./embed-pool-config.js";
import { runnerEmbedTextsBackend } from "./embed-texts-backend.js";

export interface EmbedPoolWorker {
  readonly runtime: WorkerRuntime;
  /** Stop taking embed tasks, let active ones finish (grace period, then hand back), close the database. */
  close(): Promise<void>;
}

/**
 * Make this runner a worker of the platform's `embed` pool: the platform's worker runtime
 * (BullMQ, retries, heartbeats, history) with one handler, `embed.texts`, which calls the
 * runner in process. Every runner pointed at the same Redis and prefix takes tasks from the
 * same queue, so more runners (on more machines) add capacity.
 */
export async function startEmbedPoolWorker(
  runner: Runner,
  config: EmbedPoolConfig,
  deps: { logger: RunnerLogger; progressIntervalMs?: number },
): Promise<EmbedPoolWorker> {
  const pools = loadPoolsConfig(config.poolsManifest ?? undefined);
  const db = await createDatabase(config.databaseUrl);
  let runtime: WorkerRuntime;
  try {
    runtime = await startWorkerRuntime({
      redisUrl: config.redisUrl,
      prefix: config.prefix,
      pools,
      poolNames: ["embed"],
      handlers: {
        "embed.texts": createEmbedTextsHandler(runnerEmbedTextsBackend(runner), {
          priority: config.priority,
          ...(deps.progressIntervalMs !== undefined ? { progressIntervalMs: deps.progressIntervalMs } : {}),
        }),
      },
      db,
      logger: deps.logger,
      workerId: config.workerId ?? `gpu-runner-${hostname()}-${process.pid}`,
      shutdownGraceMs: config.shutdownGraceMs,
      ...(config.concurrency !== null ? { concurrency: config.concurrency } : {}),
    });
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    runtime,
    close: () => {
      closing ??= (async () => {
        try {
          await runtime.close();
        } finally {
          await db.close().catch((err: unknown) => deps.logger.warn("database close failed", { error: err instanceof Error ? err.message : String(err) }));
        }
      })();
      return closing;
    },
  };
}
