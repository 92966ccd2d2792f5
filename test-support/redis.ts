import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { redisAnswers } from "../scripts/lib/wait-for.js";
import { freePort } from "./free-port.js";

export interface TestRedisOptions {
  /** Persist with an append-only file (fsync every second; SIGTERM flushes it). */
  appendonly?: boolean;
  /** Data directory; a fresh temp dir (removed by stop()) when not given. */
  dir?: string;
  /** Port to listen on; a free one when not given. */
  port?: number;
  /** Also listen on a unix socket in the data dir, and give its unix:// address as `url` (as `npm start` runs Redis). */
  unixSocket?: boolean;
}

export interface TestRedis {
  /** redis://127.0.0.1:PORT, or unix://DIR/redis.sock with `unixSocket` */
  url: string;
  port: number;
  dir: string;
  /** The running redis-server's pid (a new one after restart(); 0 while stopped), e.g. for CPU accounting. */
  readonly pid: number;
  /** SIGTERM and wait for the exit; removes the data dir when this created it. */
  stop(): Promise<void>;
  /** Sends `signal` (SIGTERM by default) and waits for the exit; keeps the data dir. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** SIGTERM, wait for the exit, start again on the same port and data dir. */
  restart(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

// Safety net: a test that forgets stop() must not leave a redis-server behind its worker.
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const p of live) p.kill("SIGKILL");
});

/**
 * A private, real redis-server on 127.0.0.1 (never a mock): a free port (or the given one),
 * nothing saved unless `appendonly`. Needs Debian's redis-server (scripts/ensure-system.sh redis).
 */
export async function startTestRedis(opts: TestRedisOptions = {}): Promise<TestRedis> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "sy-redis-"));
  let port = opts.port ?? (await freePort());
  let child: ChildProcess | null = null;

  const launch = async (): Promise<void> => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--daemonize", "no", "--loglevel", "warning"];
    if (opts.appendonly) args.push("--appendonly", "yes", "--appendfsync", "everysec");
    if (opts.unixSocket) args.push("--unixsocket", join(dir, "redis.sock"), "--unixsocketperm", "700");
    const proc = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    live.add(proc);
    proc.once("exit", () => live.delete(proc));
    // redis-server logs to stdout; kept only to explain a failed start.
    let output = "";
    const collect = (d: Buffer): void => void (output += d.toString());
    proc.stdout?.on("data", collect);
    proc.stderr?.on("data", collect);
    let failure: string | null = null;
    proc.once("error", (err) => {
      failure = `cannot run redis-server (${err.message}); install it: bash scripts/ensure-system.sh redis`;
    });
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      failure ??= `redis-server on port ${port} exited at start (${signal ?? `code ${code}`}): ${output.trim().split("\n").slice(-3).join(" | ")}`;
    };
    proc.once("exit", onEarlyExit);
    const until = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (failure) throw new Error(failure);
      if (await redisAnswers({ host: "127.0.0.1", port }, proc.pid)) break;
      if (Date.now() > until) {
        proc.kill("SIGKILL");
        throw new Error(`redis-server on port ${port} did not answer PING within ${START_TIMEOUT_MS / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    proc.removeListener("exit", onEarlyExit);
    for (const s of [proc.stdout, proc.stderr]) {
      s?.off("data", collect);
      s?.resume(); // keep draining so the server never blocks on a full pipe
    }
  };

  const kill = async (signal: NodeJS.Signals = "SIGTERM"): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill(signal);
    await exited;
  };

  // A port that was free a moment ago can be taken by the time redis binds it: pick another.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (err) {
      if (opts.port !== undefined || attempt >= 3 || !String(err).includes("exited at start")) {
        if (!opts.dir) rmSync(dir, { recursive: true, force: true });
        throw err;
      }
      port = await freePort();
    }
  }
  return {
    url: opts.unixSocket ? `unix://${join(dir, "redis.sock")}` : `redis://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return child?.pid ?? 0;
    },
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
