/**
 * npm start: the whole platform in the foreground on embedded defaults — redis-server (AOF
 * and a unix socket under DATA_DIR), SQLite under DATA_DIR, the GPU runner (also the worker of
 * the embed pool), a worker for the other pools and the web app. SIGINT/SIGTERM/SIGHUP stops
 * every process in order; a second start reuses the data. Once the platform is ready, a process
 * that dies is restarted with backoff (supervisor.ts). DATA_DIR/launcher.lock keeps a second
 * launcher off a DATA_DIR in use, and a watchdog (launcher-watchdog.ts) plus each app's IPC
 * lifeline make sure no process outlives a launcher that was killed.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { migrate } from "@switchyard/db";
import { createPrettyLineFormatter } from "@switchyard/observability";
import { startChild } from "./lib/child.js";
import { startEmbeddedChroma } from "./lib/embedded-chroma.js";
import { startEmbeddedRedis } from "./lib/embedded-redis.js";
import { freePort } from "./lib/free-port.js";
import { loadLauncherEnv } from "./lib/env.js";
import { acquireLauncherLock } from "./lib/launcher-lock.js";
import { ensurePrivateDir, ensurePrivateFile } from "./lib/private-files.js";
import { embeddingEnv } from "./lib/embedding-env.js";
import { redactUrl } from "./lib/redact-url.js";
import { ensureRunnerKey } from "./lib/runner-key.js";
import { APP_NODE_FLAGS } from "./lib/app-node-flags.js";
import { Supervisor } from "./lib/supervisor.js";
import { answersHttp, waitUntil } from "./lib/wait-for.js";
import { WatchdogLink } from "./lib/watchdog-link.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// On a terminal: the children's JSON log lines as pino-pretty lines, and our own lines with the
// same ISO 8601 UTC stamp; otherwise (a pipe, a file) the lines as they come.
const onTty = process.stdout.isTTY === true;
const format = onTty ? createPrettyLineFormatter() : undefined;
// A closed terminal (SIGHUP) makes writes fail with EIO/EPIPE: that must not end a clean stop.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
const say = (msg: string): void =>
  void process.stdout.write(onTty ? `[switchyard] [${new Date().toISOString()}] ${msg}\n` : `[switchyard] ${msg}\n`);
const WEB_READY_TIMEOUT_MS = 180_000;
/** Everything the tsx loader needs to run a TypeScript file with plain `node`. */
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

async function main(sup: Supervisor): Promise<void> {
  const { config: env, inherited } = loadLauncherEnv(process.env);
  // Owner only: the database, the admin token and the runner key live here.
  if (!ensurePrivateDir(env.DATA_DIR)) say(`warning: ${env.DATA_DIR} belongs to another user; its mode was left as it is`);
  say(`data directory: ${env.DATA_DIR}`);
  // One launcher per DATA_DIR: a second one says who holds it instead of colliding.
  const lock = acquireLauncherLock(env.DATA_DIR);
  const watchdog = new WatchdogLink({
    root,
    tsx,
    args: { launcherPid: process.pid, lockPath: lock.path, logPath: join(env.DATA_DIR, "launcher-watchdog.log") },
    say,
    onStart: (pid) => lock.setWatchdog(pid),
  });
  sup.configure({
    watchdog,
    beforeExit: async () => {
      await watchdog.release();
      lock.release();
    },
  });
  // Production mode for every app (libraries such as tRPC put stack traces in error bodies otherwise).
  const base = { NODE_ENV: "production", ...inherited, NEXT_TELEMETRY_DISABLED: "1" };

  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    let url = "";
    // Started again on the same socket (or port) and AOF when it dies: the apps reconnect to it.
    const child = await sup.add({
      name: "redis-server",
      stage: Number.POSITIVE_INFINITY,
      role: "redis",
      start: async () => {
        const redis = await startEmbeddedRedis(env.DATA_DIR, { env: base, ...(format ? { format } : {}) });
        url = redis.url;
        return { child: redis.child, ready: redis.ready };
      },
    });
    redisUrl = url;
    say(`started redis-server (pid ${child.pid}) at ${redisUrl}`);
  } else {
    say(`using Redis at ${redactUrl(redisUrl)}`);
  }
  if (sup.isStopping) return;

  let chromaUrl = env.CHROMA_URL;
  if (!chromaUrl) {
    // One port for the launcher's lifetime: a restarted Chroma is where the apps were told it is.
    const port = await freePort();
    chromaUrl = `http://127.0.0.1:${port}`;
    // Stage 2: stopped after every app (workers may still write while draining), before Redis.
    const child = await sup.add({
      name: "chroma",
      stage: 2,
      role: "app",
      start: async () => {
        const chroma = await startEmbeddedChroma(env.DATA_DIR, { env: base, port, ...(format ? { format } : {}) });
        return { child: chroma.child, ready: chroma.ready };
      },
    });
    say(`started chroma (pid ${child.pid}) at ${chromaUrl}`);
  } else {
    say(`using Chroma at ${redactUrl(chromaUrl)}`);
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
  const shared: Record<string, string> = {
    ...(env.QUEUE_PREFIX ? { QUEUE_PREFIX: env.QUEUE_PREFIX } : {}),
    ...(env.POOLS_MANIFEST ? { POOLS_MANIFEST: env.POOLS_MANIFEST } : {}),
  };
  const common = { ...base, ...shared, REDIS_URL: redisUrl, DATABASE_URL: databaseUrl, DATA_DIR: env.DATA_DIR, LOG_LEVEL: env.LOG_LEVEL, CHROMA_URL: chromaUrl };
  const gpuRunnerUrl = `http://127.0.0.1:${env.GPU_RUNNER_PORT}`;
  const run = async (name: string, file: string, stage: number, extra: Record<string, string>): Promise<void> => {
    const child = await sup.add({
      name,
      stage,
      role: "app",
      // ipc: the app's lifeline to this launcher (it stops itself when the channel closes).
      start: () =>
        Promise.resolve({
          child: startChild(name, process.execPath, [...APP_NODE_FLAGS, "--import", tsx, join(root, file)], {
            env: { ...common, ...extra },
            cwd: root,
            ipc: true,
            ...(format ? { format } : {}),
          }),
        }),
    });
    say(`started ${name} (pid ${child.pid})`);
  };

  const gpuRunnerMain = "apps/gpu-runner/src/main.ts";
  const gpuRunner = env.GPU_RUNNER_ENABLED && existsSync(join(root, gpuRunnerMain));
  const runnerKey = gpuRunner ? ensureRunnerKey(env.DATA_DIR) : null;
  if (runnerKey?.created) say(`generated the GPU runner key in ${runnerKey.path}`);
  if (runnerKey) {
    // The runner serves HTTP and, on the same Redis, database and prefix, the embed pool.
    await run("gpu-runner", gpuRunnerMain, 1, {
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
  await run("worker", "apps/worker/src/main.ts", 0, gpu);
  await run("web", "apps/web/server/main.ts", 0, { PORT: String(env.PORT), HOST: env.HOST, ...gpu });

  const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${env.PORT}`;
  await waitUntil(() => answersHttp(`${url}/api/v1/health`), {
    timeoutMs: WEB_READY_TIMEOUT_MS,
    intervalMs: 250,
    what: "the web app",
    abort: () => (sup.isStopping ? "stopping" : null),
  });
  sup.markReady();
  say(`ready: ${url} (admin API token in ${join(env.DATA_DIR, "admin-token")})`);
}

const sup = new Supervisor(say);
process.on("SIGINT", () => sup.onSignal("SIGINT"));
process.on("SIGTERM", () => sup.onSignal("SIGTERM"));
// Closing the terminal: a clean stop like Ctrl-C (the watchdog covers a launcher that cannot).
process.on("SIGHUP", () => sup.onSignal("SIGHUP"));
process.on("uncaughtException", (err) => {
  say(`internal error: ${err.message}`);
  void sup.shutdown(1);
});
main(sup).catch((err: unknown) => {
  const msg = err instanceof Error ? err.message : String(err);
  if (msg !== "stopping") say(`failed to start: ${msg}`);
  void sup.shutdown(1); // a no-op when a shutdown is already under way
});
