import { createDatabase } from "@switchyard/db";
import { createLogger, loadPoolsConfig, startWorkerRuntime } from "@switchyard/queue";
import { parseWorkerEnv } from "./env.js";
import { handlers } from "./handlers/index.js";

const env = parseWorkerEnv(process.env);
const log = createLogger("worker", env.LOG_LEVEL);

async function main(): Promise<void> {
  const db = await createDatabase(env.DATABASE_URL);
  const runtime = await startWorkerRuntime({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    pools: loadPoolsConfig(env.POOLS_MANIFEST),
    poolNames: env.WORKER_POOLS,
    handlers,
    db,
    logger: log,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    ...(env.WORKER_ID ? { workerId: env.WORKER_ID } : {}),
    ...(env.WORKER_CONCURRENCY ? { concurrency: env.WORKER_CONCURRENCY } : {}),
  });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { signal, active: runtime.activeCount });
    try {
      await runtime.close();
    } catch (err) {
      log.error("runtime close failed", { err: String(err) });
    }
    try {
      await db.close();
    } catch (err) {
      log.error("database close failed", { err: String(err) });
    }
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((err: unknown) => {
  log.error("worker failed to start", { err: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
