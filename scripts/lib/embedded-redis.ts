import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startChild, type Child } from "./child.js";
import { freePort } from "./free-port.js";
import { ensurePrivateDir } from "./private-files.js";
import { redisLogToJson } from "./redis-log.js";
import { redisAnswers, redisServerPid, waitUntil } from "./wait-for.js";

/** Linux caps unix socket paths at 108 bytes; stay clear of it. */
const MAX_SOCKET_PATH = 100;

/** The pid in redis-server's pid file when that process is still a redis-server. */
function livePid(pidFile: string): number | null {
  try {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    return pid > 0 && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("redis-server") ? pid : null;
  } catch {
    return null; // no pid file, or that process is gone
  }
}

export interface EmbeddedRedis {
  child: Child;
  /** What the apps get as REDIS_URL. */
  url: string;
  socket: string | null;
  /** Resolves once the server answers PING. */
  ready: Promise<void>;
}

/**
 * The embedded redis-server: its append-only file and a unix socket under DATA_DIR/redis,
 * so it never collides with a Redis already on 6379 and a second start reuses the data.
 * Falls back to a free 127.0.0.1 port when the socket path would be too long.
 */
export async function startEmbeddedRedis(
  dataDir: string,
  opts: { env: Record<string, string>; write?: (line: string) => void; format?: (line: string) => string },
): Promise<EmbeddedRedis> {
  const dir = join(dataDir, "redis");
  // Owner only (its append-only file holds every job), narrowed if an older start left it wider.
  ensurePrivateDir(dir);
  const socketPath = join(dir, "redis.sock");
  const pidFile = join(dir, "redis.pid");
  const useSocket = Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH;

  // redis-server replaces a stale socket file without asking; two servers on one AOF would
  // corrupt it, so refuse when one (left by a launcher that was killed) still answers.
  const running = (useSocket && existsSync(socketPath) ? await redisServerPid({ path: socketPath }) : null) ?? livePid(pidFile);
  if (running !== null) {
    throw new Error(
      `a redis-server (pid ${running}) is already serving ${dir}: another launcher runs on this DATA_DIR, or one was killed (then stop it: kill ${running})`,
    );
  }

  const port = useSocket ? 0 : await freePort();
  const args = [
    "--port", String(port),
    ...(useSocket ? ["--unixsocket", socketPath, "--unixsocketperm", "700"] : ["--bind", "127.0.0.1"]),
    "--dir", dir,
    "--appendonly", "yes",
    // always, not everysec: with everysec redis-server may answer before write(2) when an fsync is
    // slow, so a SIGKILL could lose a task the API already acknowledged with 202. It fsyncs once
    // per event-loop turn, for every write of that turn together.
    "--appendfsync", "always",
    "--save", "",
    "--daemonize", "no",
    "--pidfile", pidFile,
  ];
  // TZ=UTC: its log lines' timestamps carry no zone (redis-log.ts turns them into ISO 8601 UTC).
  const child = startChild("redis", "redis-server", args, {
    env: { ...opts.env, TZ: "UTC" },
    cwd: dir,
    format: (line) => (opts.format ?? ((l: string) => l))(redisLogToJson(line)),
    ...(opts.write ? { write: opts.write } : {}),
  });
  const url = useSocket ? `unix://${socketPath}` : `redis://127.0.0.1:${port}`;
  const target = useSocket ? { path: socketPath } : { host: "127.0.0.1", port };
  let exitedEarly: string | null = null;
  void child.exited.then((e) => {
    exitedEarly = e.error
      ? `cannot run redis-server (${e.error.message}); install it: apt-get install -y redis-server`
      : `redis-server exited during start (code ${e.code ?? e.signal}); see its lines above`;
  });
  const ready = waitUntil(() => redisAnswers(target, child.pid), { timeoutMs: 30_000, what: "redis-server", abort: () => exitedEarly });
  ready.catch(() => undefined); // the caller awaits it; keep an early failure from being "unhandled"
  return { child, url, socket: useSocket ? socketPath : null, ready };
}
