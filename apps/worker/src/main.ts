import { createEmbeddingClient, embeddingClientOptions, useLiteTokenCounter } from "@switchyard/ai";
import { createDatabase } from "@switchyard/db";
import { createLogger, createMetricsRegistry, createTaskMetrics, startMetricsServer, startTracing, tracingOptions, type MetricsServer } from "@switchyard/observability";
import { createBreakerRegistry, loadPoolsConfig, Platform, startWorkerRuntime } from "@switchyard/queue";
import { watchLauncher } from "@switchyard/observability";
import { parseWorkerEnv } from "./env.js";
import { createScrapeSetup, screenshotDirOf } from "./scrape-setup.js";
import { createTaskSubmitter } from "./task-submitter.js";
import { createHandlers, sqliteFileBytes } from "@switchyard/tasks";
import { resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { chatModelOptions, createChatModel, createChromaStore, type FetchPage, type RagDeps } from "@switchyard/rag";

const env = parseWorkerEnv(process.env);
const log = createLogger("worker", env.LOG_LEVEL);
// OpenTelemetry, only with OTEL_EXPORTER_OTLP_ENDPOINT: otherwise null and nothing is registered.
const tracing = startTracing(tracingOptions("switchyard-worker", env));
// Under npm start: stop like on SIGTERM once the launcher is gone, however it went (before the
// handlers exist, SIGTERM's default ends the process at once, which is right during start-up too).
watchLauncher(() => process.kill(process.pid, "SIGTERM"));

async function main(): Promise<void> {
  const db = await createDatabase(env.DATABASE_URL);
  const pools = loadPoolsConfig(env.POOLS_MANIFEST);
  // The producer side, for tasks that handlers submit (scrape → ingest, a batch's children).
  const platform = new Platform({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    pools,
    db,
    onError: (scope, err) => log.error("platform error", { scope, err: err instanceof Error ? err.message : String(err) }),
  });
  const submitter = createTaskSubmitter(platform);
  const embeddingOptions = embeddingClientOptions(env);
  const embeddings = embeddingOptions ? createEmbeddingClient(embeddingOptions) : null;
  // One browser pool per worker process, where the scrape pool is served or documents may be
  // ingested from a URL (every worker that ingests can fetch, so the API accepts `url`
  // documents). Chromium starts on the first page.
  const serves = (pool: "scrape" | "ingest"): boolean => env.WORKER_POOLS.includes(pool);
  const scrape =
    serves("scrape") || serves("ingest")
      ? createScrapeSetup(env, env.WORKER_CONCURRENCY ?? pools[serves("scrape") ? "scrape" : "ingest"].concurrency, log, submitter.submitIngest)
      : null;
  const rag = ragDeps(embeddings, scrape?.fetchPage ?? null);
  const breakers = createBreakerRegistry(
    env.BREAKER_HALF_OPEN_MS ? { all: { halfOpenAfterMs: env.BREAKER_HALF_OPEN_MS } } : {},
  );
  // Metrics only when a port is configured: without one nothing is observed. The port is
  // opened before any task is taken, so a port clash stops the start cleanly.
  const registry = env.WORKER_METRICS_PORT > 0 ? createMetricsRegistry() : null;
  const taskMetrics = registry ? createTaskMetrics(registry, env.WORKER_POOLS) : null;
  let metricsServer: MetricsServer | null = null;
  if (registry) {
    metricsServer = await startMetricsServer({ registry, port: env.WORKER_METRICS_PORT, host: env.WORKER_METRICS_HOST, token: env.WORKER_METRICS_TOKEN });
    log.info("worker metrics listening", { url: `${metricsServer.url}/metrics` });
  }
  const runtime = await startWorkerRuntime({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    pools,
    poolNames: env.WORKER_POOLS,
    handlers: createHandlers({
      probeTargets: {
        ...(env.OPENAI_BASE_URL ? { openai: `${env.OPENAI_BASE_URL.replace(/\/$/, "")}/models` } : {}),
        ...(env.CHROMA_URL ? { chroma: `${env.CHROMA_URL.replace(/\/$/, "")}/api/v2/heartbeat` } : {}),
        "gpu-runner": `${env.GPU_RUNNER_URL.replace(/\/$/, "")}/health`,
      },
      embeddings,
      rag,
      scrape: serves("scrape") ? (scrape?.options ?? null) : null,
      batch: { children: submitter.batchChildren },
      cleanup: { history: db.tasks, screenshotDir: screenshotDirOf(env) },
      health: {
        redis: platform.redis,
        databaseBytes: databaseBytesOf(env.DATABASE_URL),
        chromaUrl: env.CHROMA_URL ? `${env.CHROMA_URL.replace(/\/$/, "")}/api/v2/heartbeat` : null,
        gpuRunnerUrl: `${env.GPU_RUNNER_URL.replace(/\/$/, "")}/health`,
      },
      chromaOrphans: env.CHROMA_URL ? { url: env.CHROMA_URL } : null,
    }),
    db,
    logger: log,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    lockDurationMs: env.WORKER_LOCK_MS,
    breakers,
    reconcile: { intervalMs: env.HISTORY_RECONCILE_INTERVAL_MS, lagMs: env.HISTORY_RECONCILE_LAG_MS },
    ...(env.WORKER_ID ? { workerId: env.WORKER_ID } : {}),
    ...(env.WORKER_CONCURRENCY ? { concurrency: env.WORKER_CONCURRENCY } : {}),
    ...(taskMetrics ? { metrics: taskMetrics } : {}),
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
    await scrape?.close().catch((err: unknown) => log.error("browser pool close failed", { err: String(err) }));
    await platform.close();
    await metricsServer?.close();
    breakers.dispose();
    try {
      await db.close();
    } catch (err) {
      log.error("database close failed", { err: String(err) });
    }
    // The last tasks' spans are exported before the process ends.
    await tracing?.shutdown().catch((err: unknown) => log.error("trace export failed", { err: String(err) }));
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/** RAG needs Chroma and an embedding backend; the chat model is optional (extractive answers without). */
/**
 * The health sweep's database size: a SQLite file (and its WAL) is measured here; PostgreSQL's
 * size is not (the worker has no SQL seam for pg_database_size), so that check is skipped.
 */
function databaseBytesOf(url: string): (() => Promise<number>) | null {
  const plain = url.trim().replace(/\?.*$/, "");
  if (!/^file:/i.test(plain)) return null;
  const path = resolvePath(plain.startsWith("file://") ? fileURLToPath(plain) : plain.slice("file:".length));
  return () => sqliteFileBytes(path);
}

function ragDeps(embeddings: ReturnType<typeof createEmbeddingClient> | null, fetchPage: FetchPage | null): RagDeps | null {
  if (!env.CHROMA_URL || !embeddings) {
    log.warn("rag.query and ingest.document are not served here", { reason: !env.CHROMA_URL ? "CHROMA_URL is not set" : "no embedding backend (EMBEDDING_API_KEY)" });
    return null;
  }
  const chat = chatModelOptions(env);
  return {
    store: createChromaStore({ url: env.CHROMA_URL }),
    embed: async (texts, signal) => (await embeddings.embed(texts, { signal })).embeddings,
    tokens: useLiteTokenCounter(),
    chat: chat ? createChatModel(chat) : null,
    // URL ingestion goes through the scraper: SSRF guard, robots.txt, per-host rate limit, browser pool.
    fetchPage,
  };
}

main().catch((err: unknown) => {
  log.error("worker failed to start", { err: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
