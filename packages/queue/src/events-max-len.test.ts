import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { MAX_LEN_FIELD, startEventsMaxLenGuard } from "./events-max-len.js";
import { poolKey, queueName } from "./keys.js";
import { closeRedis, createRedis } from "./redis-connection.js";
import { EVENTS_MAX_LEN } from "./retention.js";

let p: TestPlatform | undefined;
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await p?.close();
  p = undefined;
});

/** What Bull Board's BullMQAdapter is given: a Queue on our name and prefix with BullMQ's default options. */
async function openAsBullBoardWould(platform: TestPlatform): Promise<void> {
  const connection: Redis = createRedis(platform.redisUrl, "test:bull-board");
  const q = new Queue(queueName("batch"), { connection, prefix: platform.prefix });
  closers.push(async () => {
    await q.close();
    await closeRedis(connection);
  });
  await q.waitUntilReady();
}

async function maxLen(platform: TestPlatform): Promise<string | null> {
  return platform.web.platform.redis.hget(poolKey(platform.prefix, "batch", "meta"), MAX_LEN_FIELD);
}

async function submit(platform: TestPlatform): Promise<void> {
  const res = await platform.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop" }) });
  expect(res.status).toBe(202);
}

describe("the pools' event-stream length, with Bull Board on the same queues", () => {
  it("is lowered to 10,000 by a Queue with default options, and put back by the next enqueue", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    await submit(p);
    expect(await maxLen(p)).toBe(String(EVENTS_MAX_LEN));

    await openAsBullBoardWould(p);
    // BullMQ's Queue writes its option into the meta hash once it is connected.
    await eventually(async () => (await maxLen(p!)) === "10000", 10_000, "Bull Board's default");

    await submit(p);
    expect(await maxLen(p)).toBe(String(EVENTS_MAX_LEN));
  });

  it("is put back by a worker when it starts, with nothing enqueued", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    await openAsBullBoardWould(p);
    await eventually(async () => (await maxLen(p!)) === "10000", 10_000, "Bull Board's default");
    await p.startWorker({ poolNames: ["batch"] });
    await eventually(async () => (await maxLen(p!)) === String(EVENTS_MAX_LEN), 10_000, "restored by the worker");
  });

  it("is put back periodically by the guard, which reports what it corrected", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    const redis = p.web.platform.redis;
    const corrected: string[][] = [];
    const guard = startEventsMaxLenGuard({
      redis,
      prefix: p.prefix,
      pools: ["batch", "rag"],
      maxLen: EVENTS_MAX_LEN,
      intervalMs: 20,
      onCorrected: (pools) => corrected.push(pools),
    });
    closers.push(async () => guard.stop());
    await eventually(async () => (await maxLen(p!)) === String(EVENTS_MAX_LEN), 10_000, "first pass");
    corrected.length = 0;
    await openAsBullBoardWould(p);
    await eventually(async () => corrected.some((c) => c.includes("batch")), 10_000, "a correction");
    await eventually(async () => (await maxLen(p!)) === String(EVENTS_MAX_LEN), 10_000, "restored");
    // Any pool it watches, whoever changed it.
    await redis.hset(poolKey(p.prefix, "rag", "meta"), MAX_LEN_FIELD, "5");
    await eventually(async () => corrected.some((c) => c.includes("rag")) && (await redis.hget(poolKey(p!.prefix, "rag", "meta"), MAX_LEN_FIELD)) === String(EVENTS_MAX_LEN), 10_000, "rag corrected");
  });
});
