import { join } from "node:path";
import { createLogger } from "@switchyard/observability";
import { loadPoolsConfig } from "@switchyard/queue";
import { watchLauncher } from "@switchyard/observability";
import { parseWebEnv } from "./env.js";
import { startWebServer } from "./start-web-server.js";

const env = parseWebEnv(process.env);
const log = createLogger("web", env.LOG_LEVEL);
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
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { signal });
    web.close().then(
      () => process.exit(0),
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
