import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Redis } from "ioredis";
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
});
