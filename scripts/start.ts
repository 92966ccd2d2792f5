/**
 * npm start: runs the whole platform in the foreground on embedded defaults —
 * redis-server (AOF under DATA_DIR), SQLite under DATA_DIR, the GPU runner, a worker
 * and the web app. SIGINT/SIGTERM stops every child cleanly; a second start reuses the data.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "@switchyard/db";
import { startChild, type Child } from "./lib/child.js";
import { startEmbeddedRedis } from "./lib/embedded-redis.js";
import { launcherEnvSchema } from "./lib/env.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = launcherEnvSchema.parse(process.env);
const say = (msg: string): void => void process.stdout.write(`[switchyard] ${msg}\n`);

async function main(): Promise<void> {
  mkdirSync(env.DATA_DIR, { recursive: true });
  const children: Child[] = [];
  let redisChild: Child | null = null;
  let stopping = false;

  const shutdown = async (code: number): Promise<never> => {
    if (stopping) process.exit(code);
    stopping = true;
    say("stopping…");
    // Apps first (they finish or hand back work), Redis last (it writes its AOF).
    for (const c of [...children].reverse()) {
      try {
        await c.stop(30_000);
      } catch {
        // keep stopping the rest
      }
    }
    if (redisChild) await redisChild.stop(10_000).catch(() => undefined);
    say("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    const embedded = await startEmbeddedRedis(env.DATA_DIR);
    redisChild = embedded.child;
    redisUrl = embedded.url;
    say(`redis-server ready (${redisUrl})`);
  }
  const databaseUrl = env.DATABASE_URL ?? `file:${join(env.DATA_DIR, "switchyard.db")}`;
  const { applied } = await migrate(databaseUrl);
  say(applied.length > 0 ? `database migrated: ${applied.join(", ")}` : "database up to date");

  const base: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: redisUrl,
    DATABASE_URL: databaseUrl,
    DATA_DIR: env.DATA_DIR,
    LOG_LEVEL: env.LOG_LEVEL,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const gpuUrl = `http://127.0.0.1:${env.GPU_RUNNER_PORT}`;
  const run = (name: string, file: string, extra: NodeJS.ProcessEnv): void => {
    const child = startChild(name, process.execPath, ["--import", "tsx", join(root, file)], { ...base, ...extra });
    children.push(child);
    void child.exited.then((code) => {
      if (!stopping) {
        say(`${name} exited unexpectedly (code ${code}); stopping the platform`);
        void shutdown(1);
      }
    });
  };
  if (env.GPU_RUNNER_ENABLED && existsSync(join(root, "apps/gpu-runner/src/main.ts"))) {
    run("gpu-runner", "apps/gpu-runner/src/main.ts", { GPU_RUNNER_PORT: String(env.GPU_RUNNER_PORT), GPU_RUNNER_HOST: "127.0.0.1" });
  }
  run("worker", "apps/worker/src/main.ts", { GPU_RUNNER_URL: gpuUrl });
  run("web", "apps/web/server/main.ts", { PORT: String(env.PORT), HOST: env.HOST, GPU_RUNNER_URL: gpuUrl });

  const url = `http://${env.HOST}:${env.PORT}`;
  const until = Date.now() + 180_000;
  while (!stopping && Date.now() < until) {
    try {
      await fetch(`${url}/api/v1/health`);
      say(`ready: ${url} — admin API token in ${join(env.DATA_DIR, "admin-token")}`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  if (!stopping) {
    say("the web app did not come up within 180 s");
    await shutdown(1);
  }
}

main().catch((err: unknown) => {
  say(`failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
