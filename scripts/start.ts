/**
 * npm start: the whole platform in the foreground on embedded defaults — redis-server (AOF
 * and a unix socket under DATA_DIR), SQLite under DATA_DIR, the GPU runner (also the worker of
 * the embed pool), a worker for the other pools and the web app. SIGINT/SIGTERM stops every
 * process in order; a second start reuses the data.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { migrate } from "@switchyard/db";
import { startChild } from "./lib/child.js";
import { startEmbeddedRedis } from "./lib/embedded-redis.js";
import { loadLauncherEnv } from "./lib/env.js";
import { ensurePrivateDir, ensurePrivateFile } from "./lib/private-files.js";
import { embeddingEnv } from "./lib/embedding-env.js";
import { redactUrl } from "./lib/redact-url.js";
import { ensureRunnerKey } from "./lib/runner-key.js";
import { Supervisor } from "./lib/supervisor.js";
import { answersHttp, waitUntil } from "./lib/wait-for.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const say = (msg: string): void => void process.stdout.write(`[switchyard] ${msg}\n`);
const WEB_READY_TIMEOUT_MS = 180_000;

async function main(sup: Supervisor): Promise<void> {
  const { config: env, inherited } = loadLauncherEnv(process.env);
  // Owner only: the database, the admin token and the runner key live here.
  if (!ensurePrivateDir(env.DATA_DIR)) say(`warning: ${env.DATA_DIR} belongs to another user; its mode was left as it is`);
  say(`data directory: ${env.DATA_DIR}`);
  // Production mode for every app (libraries such as tRPC put stack traces in error bodies otherwise).
  const base = { NODE_ENV: "production", ...inherited, NEXT_TELEMETRY_DISABLED: "1" };

  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    const redis = await startEmbeddedRedis(env.DATA_DIR, { env: base });
    sup.setRedis(redis.child);
    await redis.ready;
    redisUrl = redis.url;
    say(`started redis-server (pid ${redis.child.pid}) at ${redisUrl}`);
  } else {
    say(`using Redis at ${redactUrl(redisUrl)}`);
  }
  if (sup.isStopping) return;

  // Migrations run before any app touches the database.
  const databaseUrl = env.DATABASE_URL ?? `file:${join(env.DATA_DIR, "switchyard.db")}`;
  // The default SQLite file is made owner-only before migrate() creates it (with the umask's mode).
  if (!env.DATABASE_URL) ensurePrivateFile(join(env.DATA_DIR, "switchyard.db"));
  const { applied } = await migrate(databaseUrl);
  say(`database ${redactUrl(databaseUrl)}: ${applied.length > 0 ? `applied ${applied.join(", ")}` : "up to date"}`);
  if (sup.isStopping) return;

  // Each app is `node --import <tsx loader> file.ts`: TypeScript without a build step.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const shared: Record<string, string> = {
    ...(env.QUEUE_PREFIX ? { QUEUE_PREFIX: env.QUEUE_PREFIX } : {}),
    ...(env.POOLS_MANIFEST ? { POOLS_MANIFEST: env.POOLS_MANIFEST } : {}),
  };
  const common = { ...base, ...shared, REDIS_URL: redisUrl, DATABASE_URL: databaseUrl, DATA_DIR: env.DATA_DIR, LOG_LEVEL: env.LOG_LEVEL };
  const gpuRunnerUrl = `http://127.0.0.1:${env.GPU_RUNNER_PORT}`;
  const run = (name: string, file: string, stage: number, extra: Record<string, string>): void => {
    const child = startChild(name, process.execPath, ["--import", tsx, join(root, file)], { env: { ...common, ...extra }, cwd: root });
    sup.addApp(child, stage);
    say(`started ${name} (pid ${child.pid})`);
  };

  const gpuRunnerMain = "apps/gpu-runner/src/main.ts";
  const gpuRunner = env.GPU_RUNNER_ENABLED && existsSync(join(root, gpuRunnerMain));
  const runnerKey = gpuRunner ? ensureRunnerKey(env.DATA_DIR) : null;
  if (runnerKey?.created) say(`generated the GPU runner key in ${runnerKey.path}`);
  if (runnerKey) {
    // The runner serves HTTP and, on the same Redis, database and prefix, the embed pool.
    run("gpu-runner", gpuRunnerMain, 1, {
      GPU_RUNNER_PORT: String(env.GPU_RUNNER_PORT),
      GPU_RUNNER_HOST: "127.0.0.1",
      GPU_RUNNER_KEYS: [runnerKey.key, env.GPU_RUNNER_KEYS ?? ""].filter(Boolean).join(","),
      GPU_RUNNER_REDIS_URL: redisUrl,
      GPU_RUNNER_DATABASE_URL: databaseUrl,
      ...(env.QUEUE_PREFIX ? { GPU_RUNNER_QUEUE_PREFIX: env.QUEUE_PREFIX } : {}),
      ...(env.POOLS_MANIFEST ? { GPU_RUNNER_POOLS_MANIFEST: env.POOLS_MANIFEST } : {}),
    });
  }
  // Web and worker embed through the runner's OpenAI-compatible API, unless another one is configured.
  const embedding = embeddingEnv(env, runnerKey ? { url: gpuRunnerUrl, key: runnerKey.key } : null);
  const gpu: Record<string, string> = { ...(gpuRunner ? { GPU_RUNNER_URL: gpuRunnerUrl } : {}), ...embedding };
  run("worker", "apps/worker/src/main.ts", 0, gpu);
  run("web", "apps/web/server/main.ts", 0, { PORT: String(env.PORT), HOST: env.HOST, ...gpu });

  const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${env.PORT}`;
  await waitUntil(() => answersHttp(`${url}/api/v1/health`), {
    timeoutMs: WEB_READY_TIMEOUT_MS,
    intervalMs: 250,
    what: "the web app",
    abort: () => (sup.isStopping ? "stopping" : null),
  });
  say(`ready: ${url} (admin API token in ${join(env.DATA_DIR, "admin-token")})`);
}

const sup = new Supervisor(say);
process.on("SIGINT", () => sup.onSignal("SIGINT"));
process.on("SIGTERM", () => sup.onSignal("SIGTERM"));
process.on("uncaughtException", (err) => {
  say(`internal error: ${err.message}`);
  void sup.shutdown(1);
});
main(sup).catch((err: unknown) => {
  const msg = err instanceof Error ? err.message : String(err);
  if (msg !== "stopping") say(`failed to start: ${msg}`);
  void sup.shutdown(1); // a no-op when a shutdown is already under way
});
