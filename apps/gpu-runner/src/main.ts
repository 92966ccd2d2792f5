/**
 * Process entry: `tsx apps/gpu-runner/src/main.ts` (or `npm start -w @switchyard/gpu-runner`).
 * Reads the environment once (src/env.ts), exports USE-lite on first start when missing,
 * loads and warms the models, serves HTTP, joins the platform's embed pool when Redis and a
 * database are configured, and drains on SIGTERM/SIGINT.
 */
import { startTracing, watchLauncher } from "@switchyard/observability";
import { loadRunnerEnv, type RunnerEnvConfig } from "./env.js";
import { createLogger } from "./logger.js";
import type { EmbedPoolWorker } from "./platform/embed-pool-worker.js";
import { startRunnerServer } from "./server.js";

let env: RunnerEnvConfig;
try {
  env = loadRunnerEnv(process.env);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}
const { runner: config, embedPool } = env;
const log = createLogger(config.logLevel);
// OpenTelemetry, only with OTEL_EXPORTER_OTLP_ENDPOINT: otherwise null and nothing is registered.
const tracing = startTracing(env.tracing);
// Under npm start: stop like on SIGTERM once the launcher is gone, however it went (before the
// handlers exist, SIGTERM's default ends the process at once, which is right during start-up too).
watchLauncher(() => process.kill(process.pid, "SIGTERM"));
if (config.apiKeys.length === 0) log.warn("GPU_RUNNER_KEYS is empty: every endpoint except /health, /v2/health/live and /v2/health/ready will answer 401");
if (!embedPool) log.info("no GPU_RUNNER_REDIS_URL / GPU_RUNNER_DATABASE_URL: HTTP only, not serving the embed pool");

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function main(): Promise<void> {
  const server = await startRunnerServer(config, { logger: log });
  let pool: EmbedPoolWorker | null = null;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { signal });
    void (async () => {
      let code = 0;
      // The pool worker first: it stops taking tasks and lets active ones finish on the
      // still-running runner (or hands them back); then the runner drains its HTTP work.
      try {
        await pool?.close();
      } catch (err) {
        code = 1;
        log.error("embed pool worker close failed", { error: errorText(err) });
      }
      try {
        await server.close();
      } catch (err) {
        code = 1;
        log.error("shutdown failed", { error: errorText(err) });
      }
      // The last requests' spans are exported before the process ends.
      await tracing?.shutdown().catch((err: unknown) => log.error("trace export failed", { error: errorText(err) }));
      process.exit(code);
    })();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  if (embedPool) {
    // Loaded only in this mode: BullMQ and the Prisma clients stay out of an HTTP-only runner.
    const { startEmbedPoolWorker } = await import("./platform/embed-pool-worker.js");
    try {
      const started = await startEmbedPoolWorker(server.runner, embedPool, { logger: log });
      if (stopping) await started.close();
      else pool = started;
    } catch (err) {
      await server.close().catch(() => undefined);
      throw Object.assign(new Error(`cannot join the embed pool: ${errorText(err)}`), { code: "EMBED_POOL_FAILED" });
    }
    log.info("serving the embed pool", { prefix: embedPool.prefix, workerId: pool?.runtime.id, priority: embedPool.priority });
  }
}

main().catch((err: unknown) => {
  const code = err && typeof err === "object" && "code" in err ? String(err.code) : "START_FAILED";
  const message = errorText(err);
  log.error("gpu-runner failed to start", { code, error: message });
  console.error(`gpu-runner failed to start: ${message}`);
  process.exit(code === "PROVIDER_UNAVAILABLE" ? 3 : 1);
});
