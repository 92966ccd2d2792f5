import { join } from "node:path";
import { createLogger, startTracing, tracingOptions } from "@switchyard/observability";
import { loadPoolsConfig } from "@switchyard/queue";
import { watchLauncher } from "@switchyard/observability";
import { parseWebEnv } from "./env.js";
import { gpuRunnerKey } from "./gpu-runner-key.js";
import { startWebServer } from "./start-web-server.js";

const env = parseWebEnv(process.env);
const log = createLogger("web", env.LOG_LEVEL);
// OpenTelemetry, only with OTEL_EXPORTER_OTLP_ENDPOINT: otherwise null and nothing is registered.
const tracing = startTracing(tracingOptions("switchyard-web", env));
// Under npm start: stop like on SIGTERM once the launcher is gone, however it went (before the
// handlers exist, SIGTERM's default ends the process at once, which is right during start-up too).
watchLauncher(() => process.kill(process.pid, "SIGTERM"));

async function main(): Promise<void> {
  const web = await startWebServer({
    port: env.PORT,
    host: env.HOST,
    redisUrl: env.REDIS_URL,
    databaseUrl: env.DATABASE_URL ?? `file:${join(env.DATA_DIR, "switchyard.db")}`,
    dataDir: env.DATA_DIR,
    queuePrefix: env.QUEUE_PREFIX,
    pools: loadPoolsConfig(env.POOLS_MANIFEST),
    serveUi: env.SERVE_UI,
    logger: log,
    rateLimit: { requests: env.RATE_LIMIT_REQUESTS, windowSeconds: env.RATE_LIMIT_WINDOW_S },
    metricsToken: env.METRICS_TOKEN,
    chromaUrl: env.CHROMA_URL,
    gpuRunner: env.GPU_RUNNER_URL ? { url: env.GPU_RUNNER_URL, key: gpuRunnerKey(env.GPU_RUNNER_KEY, env.DATA_DIR) } : undefined,
    secureCookies: env.SESSION_COOKIE_SECURE,
    taskSearch: env.TASK_SEARCH,
    schedules: env.SCHEDULES,
    identity: {
      sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
      sessionAbsoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
      stepUpWindowMs: env.STEP_UP_MINUTES * 60_000,
    },
    webauthn: { origins: env.WEBAUTHN_ORIGIN, rpId: env.WEBAUTHN_RP_ID, rpName: env.WEBAUTHN_RP_NAME },
    auditOrigin: env.AUDIT_ORIGIN,
    auditCheckpointEvery: env.AUDIT_CHECKPOINT_EVERY,
    auditCheckpointIntervalMs: env.AUDIT_CHECKPOINT_MINUTES * 60_000,
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { signal });
    web.close().then(
      async () => {
        // The last spans are exported before the process ends.
        await tracing?.shutdown().catch((err: unknown) => log.error("trace export failed", { err: String(err) }));
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  log.error("web failed to start", { err: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
