import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createDatabase } from "@switchyard/db";
import { DEFAULT_POOLS, ServiceUnavailableError } from "@switchyard/shared";
import { startTestRedis } from "../../../test-support/redis.js";
import { Platform } from "./platform.js";
import { isRedisConnectionError, redisUnavailable } from "./redis-availability.js";

describe("the platform's Redis connection fails fast while Redis is down", () => {
  const dir = mkdtempSync(join(tmpdir(), "sy-failfast-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses commands at once while redis-server is dead (typed 503), and works again once it is back", async () => {
    const redis = await startTestRedis({ appendonly: true });
    const db = await createDatabase(`file:${join(dir, "t.db")}`);
    const p = new Platform({ redisUrl: redis.url, prefix: `failfast-${process.pid}`, pools: DEFAULT_POOLS, db });
    try {
      const queue = p.queue("batch");
      expect((await queue.add("probe", { n: 1 })).id).toBeDefined();

      await redis.kill("SIGKILL");
      // Each rejects while Redis is still dead (it is started again only below): nothing waits for it.
      const direct = await p.redis.get("some-key").then(() => null, (e: unknown) => e);
      expect(isRedisConnectionError(direct)).toBe(true);
      expect(redisUnavailable(direct)).toBeInstanceOf(ServiceUnavailableError);
      expect(redisUnavailable(direct)).toMatchObject({ code: "UNAVAILABLE", service: "redis", retryAfterSeconds: expect.any(Number) });
      const viaBullmq = await queue.add("probe", { n: 2 }).then(() => null, (e: unknown) => e);
      expect(isRedisConnectionError(viaBullmq)).toBe(true);
      // A queue not created yet would wait for the connection: refused instead (once the client knows it lost it).
      await vi.waitFor(() => expect(p.redis.status).not.toBe("ready"), { timeout: 10_000, interval: 20 });
      expect(() => p.queue("embed")).toThrow(ServiceUnavailableError);
      // A command's own error is not mistaken for an outage.
      expect(redisUnavailable(new Error("WRONGTYPE Operation against a key holding the wrong kind of value"))).toBeNull();

      await redis.restart();
      await vi.waitFor(async () => expect(await p.redis.ping()).toBe("PONG"), { timeout: 15_000, interval: 100 });
      const again = await p.queue("batch").add("probe", { n: 3 });
      expect((await p.queue("batch").getJob(again.id!))?.data).toEqual({ n: 3 });
    } finally {
      await p.close();
      await db.close();
      await redis.stop();
    }
  });
});
