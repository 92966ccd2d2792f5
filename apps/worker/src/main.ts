import { createEmbeddingClient, embeddingClientOptions } from "@switchyard/ai";
import { createDatabase } from "@switchyard/db";
import { createLogger } from "@switchyard/observability";
import { createBreakerRegistry, loadPoolsConfig, startWorkerRuntime } from "@switchyard/queue";
import { parseWorkerEnv } from "./env.js";
import { createHandlers } from "@switchyard/tasks";

const env = parseWorkerEnv(process.env);
const log = createLogger("worker", env.LOG_LEVEL);

async function main(): Promise<void> {
  const db = await createDatabase(env.DATABASE_URL);
  const embeddingOptions = embeddingClientOptions(env);
  const embeddings = embeddingOptions ? createEmbeddingClient(embeddingOptions) : null;
  const breakers = createBreakerRegistry(
    env.BREAKER_HALF_OPEN_MS ? { all: { halfOpenAfterMs: env.BREAKER_HALF_OPEN_MS } } : {},
  );
  const runtime = await startWorkerRuntime({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    pools: loadPoolsConfig(env.POOLS_MANIFEST),
    poolNames: env.WORKER_POOLS,
    handlers: createHandlers({
      probeTargets: {
        ...(env.OPENAI_BASE_URL ? { openai: `${env.OPENAI_BASE_URL.replace(/\/$/, "")}/models` } : {}),
        ...(env.CHROMA_URL ? { chroma: `${env.CHROMA_URL.replace(/\/$/, "")}/api/v2/heartbeat` } : {}),
        "gpu-runner": `${env.GPU_RUNNER_URL.replace(/\/$/, "")}/health`,
      },
      embeddings,
    }),
    db,
    logger: log,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    lockDurationMs: env.WORKER_LOCK_MS,
    breakers,
    reconcile: { intervalMs: env.HISTORY_RECONCILE_INTERVAL_MS, lagMs: env.HISTORY_RECONCILE_LAG_MS },
    ...(env.WORKER_ID ? { workerId: env.WORKER_ID } : {}),
    ...(env.WORKER_CONCURRENCY ? { concurrency: env.WORKER_CONCURRENCY } : {}),
  });

  // A breaker that opens or closes shows up in GET /circuit-breakers at once, not at the next heartbeat.
  breakers.onChange((b) => {
    log.warn("circuit breaker changed", { dependency: b.name, state: b.state });
    void runtime.heartbeat();
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
    breakers.dispose();
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
