import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./free-port.js";

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
}

async function waitForPing(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await r.connect();
      if ((await r.ping()) === "PONG") return;
    } catch {
      // not up yet
    } finally {
      r.disconnect();
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`redis-server on ${port} did not answer PING`);
}

/** A private redis-server on a free port with its own data dir (a real server, never a mock). */
export async function startTestRedis(opts: { appendonly?: boolean; dir?: string; port?: number } = {}): Promise<TestRedis> {
  const port = opts.port ?? (await freePort());
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "sy-redis-"));
  let child: ChildProcess | null = null;

  const launch = async (): Promise<void> => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--daemonize", "no", "--loglevel", "warning"];
    if (opts.appendonly) args.push("--appendonly", "yes", "--appendfsync", "everysec");
    child = spawn("redis-server", args, { stdio: ["ignore", "ignore", "inherit"] });
    child.once("error", (err) => {
      throw new Error(`cannot start redis-server (install the redis-server package): ${err.message}`);
    });
    await waitForPing(port);
  };

  const kill = async (signal: NodeJS.Signals = "SIGTERM"): Promise<void> => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill(signal);
    await exited;
    child = null;
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    kill,
    async restart() {
      await kill("SIGTERM");
      await launch();
    },
    async stop() {
      await kill("SIGTERM");
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
