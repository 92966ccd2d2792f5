import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Redis } from "ioredis";
import type { TaskEvent } from "@switchyard/shared";
import { eventsKey } from "./keys.js";
import { closeRedis, createRedis } from "./redis-connection.js";
import { EventTail } from "./task-events.js";

const prefix = `event-tail-${process.pid}`;
let redis: Redis;
let tail: EventTail;

beforeAll(async () => {
  redis = createRedis(inject("redisUrl"), "event-tail-test");
  tail = new EventTail(inject("redisUrl"), prefix, () => undefined);
  await tail.start();
});
afterAll(async () => {
  await tail?.stop();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
});

describe("EventTail", () => {
  it("gives a watch back when the stream's position cannot be read, so the pool is not tailed for nobody", async () => {
    const key = eventsKey(prefix, "batch");
    // A key of the wrong type makes reading the position fail (WRONGTYPE).
    await redis.set(key, "not a stream");
    await expect(tail.watch("batch")).rejects.toThrow(/WRONGTYPE/);

    await redis.del(key);
    const id = await redis.xadd(key, "*", "event", "waiting", "jobId", "1");
    await tail.watch("batch");
    expect(tail.lastSeq("batch")).toBe(id);
    // The one remaining watcher leaves: the tail forgets the pool (its failed watch holds no reference).
    tail.unwatch("batch");
    expect(tail.lastSeq("batch")).toBe("0-0");
  });

  it("keeps delivering the other pools while one watched pool's key holds another type, and resumes that pool once it is a stream again", async () => {
    const events: TaskEvent[] = [];
    const errors: string[] = [];
    const own = new EventTail(inject("redisUrl"), prefix, (evs) => events.push(...evs), (err) => errors.push(err instanceof Error ? err.message : String(err)));
    await own.start();
    try {
      const bad = eventsKey(prefix, "maintenance");
      const good = eventsKey(prefix, "ingest");
      await own.watch("maintenance");
      await own.watch("ingest");
      // Watched, then broken: the shared read of both streams answers WRONGTYPE.
      await redis.set(bad, "not a stream");
      const first = await redis.xadd(good, "*", "event", "waiting", "jobId", "a");
      await vi.waitFor(() => expect(events.some((e) => e.seq === first), "the ingest event despite the broken maintenance key").toBe(true), { timeout: 30_000, interval: 20 });
      const second = await redis.xadd(good, "*", "event", "active", "jobId", "a");
      await vi.waitFor(() => expect(events.some((e) => e.seq === second), "a later ingest event").toBe(true), { timeout: 30_000, interval: 20 });
      // Reported once, naming the pool, not on every read.
      expect(errors.filter((m) => m.includes("pool maintenance is not a stream"))).toHaveLength(1);

      await redis.del(bad);
      const back = await redis.xadd(bad, "*", "event", "waiting", "jobId", "b");
      await vi.waitFor(() => expect(events.some((e) => e.seq === back), "the maintenance event once its key is a stream again").toBe(true), { timeout: 30_000, interval: 20 });
      expect(events.filter((e) => e.pool === "maintenance").map((e) => e.taskId)).toEqual(["b"]);
    } finally {
      await own.stop();
    }
  });
});
