import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { startTestRedis, type TestRedis } from "./redis.js";

const started: TestRedis[] = [];
const clients: Redis[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  for (const r of started.splice(0)) await r.stop();
});

async function start(opts?: Parameters<typeof startTestRedis>[0]): Promise<TestRedis> {
  const r = await startTestRedis(opts);
  started.push(r);
  return r;
}
function connect(url: string): Redis {
  const c = new Redis(url, { maxRetriesPerRequest: 1 });
  c.on("error", () => undefined); // expected while a server restarts or after stop()
  clients.push(c);
  return c;
}

describe("startTestRedis", () => {
  it("starts a private redis-server on a free 127.0.0.1 port", async () => {
    const r = await start();
    expect(r.url).toBe(`redis://127.0.0.1:${r.port}`);
    expect(r.pid).toBeGreaterThan(0);
    const c = connect(r.url);
    expect(await c.ping()).toBe("PONG");
    expect(await c.config("GET", "dir")).toEqual(["dir", r.dir]);
  });

  it("restart() keeps the data when appendonly, on the same port and dir", async () => {
    const r = await start({ appendonly: true });
    const before = r.pid;
    const c = connect(r.url);
    await c.set("k", "v");
    await c.rpush("list", "a", "b", "c");
    await r.restart();
    expect(r.pid).not.toBe(before);
    expect(await c.get("k")).toBe("v"); // ioredis reconnects to the same port
    expect(await c.lrange("list", 0, -1)).toEqual(["a", "b", "c"]);
    expect(existsSync(join(r.dir, "appendonlydir"))).toBe(true);
  });

  it("restart() without appendonly starts empty (nothing is saved by default)", async () => {
    const r = await start();
    const c = connect(r.url);
    await c.set("k", "v");
    await r.restart();
    expect(await c.get("k")).toBeNull();
  });

  it("kill() then restart() comes back; stop() removes the temp dir but never a given one", async () => {
    const r = await start();
    await r.kill("SIGKILL");
    expect(r.pid).toBe(0);
    await r.restart();
    expect(await connect(r.url).ping()).toBe("PONG");
    await r.stop();
    expect(existsSync(r.dir)).toBe(false);

    const given = mkdtempSync(join(tmpdir(), "sy-redis-given-"));
    try {
      const g = await startTestRedis({ dir: given });
      await g.stop();
      expect(existsSync(given)).toBe(true);
    } finally {
      rmSync(given, { recursive: true, force: true });
    }
  });

  it("fails clearly when the given port is taken", async () => {
    const r = await start();
    await expect(startTestRedis({ port: r.port })).rejects.toThrow(/exited at start/);
  });
});
