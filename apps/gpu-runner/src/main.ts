/**
 * Process entry: `tsx apps/gpu-runner/src/main.ts` (or `npm start -w @switchyard/gpu-runner`).
 * Reads the environment once (src/env.ts), exports USE-lite on first start when missing,
 * loads and warms the models, serves HTTP, and drains on SIGTERM/SIGINT.
 */
import { configFromEnv } from "./env.js";
import { createLogger } from "./logger.js";
import { startRunnerServer } from "./server.js";

let config;
try {
  config = configFromEnv(process.env);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}
const log = createLogger(config.logLevel);
if (config.apiKeys.length === 0) log.warn("GPU_RUNNER_KEYS is empty: every endpoint except /health will answer 401");

startRunnerServer(config, { logger: log })
  .then((server) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      log.info("stopping", { signal });
      server
        .close()
        .then(() => process.exit(0))
        .catch((err: unknown) => {
          log.error("shutdown failed", { error: err instanceof Error ? err.message : String(err) });
          process.exit(1);
        });
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  })
  .catch((err: unknown) => {
    const code = err && typeof err === "object" && "code" in err ? String(err.code) : "START_FAILED";
    const message = err instanceof Error ? err.message : String(err);
    log.error("gpu-runner failed to start", { code, error: message });
    console.error(`gpu-runner failed to start: ${message}`);
    process.exit(code === "PROVIDER_UNAVAILABLE" ? 3 : 1);
  });
