import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "../../test-support/free-port.js";
import { startChild, type Child } from "./child.js";

/**
 * The embedded redis-server: data (append-only file) and a unix socket under DATA_DIR,
 * so it never collides with a Redis already on 6379. Falls back to a free TCP port when
 * the socket path would be too long for the OS.
 */
export async function startEmbeddedRedis(dataDir: string): Promise<{ url: string; child: Child }> {
  const dir = join(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const socket = join(dir, "redis.sock");
  const useSocket = Buffer.byteLength(socket) <= 100;
  const port = useSocket ? 0 : await freePort();
  const args = [
    "--port", String(port),
    ...(useSocket ? ["--unixsocket", socket, "--unixsocketperm", "700"] : ["--bind", "127.0.0.1"]),
    "--dir", dir,
    "--appendonly", "yes",
    "--appendfsync", "everysec",
    "--save", "",
    "--daemonize", "no",
  ];
  const child = startChild("redis", "redis-server", args, process.env);
  const url = useSocket ? `unix://${socket}` : `redis://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.proc.exitCode !== null) throw new Error("redis-server exited at start (is another one using this DATA_DIR?)");
    const r = new Redis({ ...(useSocket ? { path: socket } : { port }), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await r.connect();
      if ((await r.ping()) === "PONG") return { url, child };
    } catch {
      // not ready yet
    } finally {
      r.disconnect();
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error("redis-server did not become ready within 30 s");
}
