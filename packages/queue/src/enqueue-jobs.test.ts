import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { inSpan, startTracing } from "@switchyard/observability";
import { enqueueJobs, TRACED_JOBS_PER_CALL, type NewJob } from "./enqueue-jobs.js";
import { closeRedis, createRedis } from "./redis-connection.js";

let redis: Redis;
let prefix: string;
const queues: Queue[] = [];

beforeEach(() => {
  redis = createRedis(inject("redisUrl"), "test:enqueue");
  prefix = `test-enq-${randomUUID()}`;
});

afterEach(async () => {
  for (const q of queues.splice(0)) {
    await q.obliterate({ force: true });
    await q.close();
  }
  await closeRedis(redis);
});

function queue(name: string): Queue {
  const q = new Queue(name, { connection: redis, prefix, streams: { events: { maxLen: 500 } } });
  queues.push(q);
  return q;
}

const job = (id: string, priority = 3, extra: Partial<NewJob["opts"]> = {}): NewJob => ({
  name: "diagnostic.noop",
  data: { priority: "normal", payload: { id } },
  opts: { jobId: id, priority, ...extra },
});

/** Event stream entries as field maps, without their ids. */
async function events(q: Queue): Promise<Array<Record<string, string>>> {
  const entries = await redis.xrange(q.toKey("events"), "-", "+");
  return entries.map(([, fields]) => {
    const out: Record<string, string> = {};
    for (let i = 0; i < fields.length; i += 2) out[fields[i] as string] = fields[i + 1] as string;
    return out;
  });
}

describe("enqueueJobs", () => {
  it("writes what BullMQ's own add writes, field for field", async () => {
    const viaBullmq = queue("{viabullmq}");
    const viaScript = queue("{viascript}");
    const jobs = [job("a", 3), job("b", 1, { attempts: 4 }), job("c", 5)];
    for (const j of jobs) await viaBullmq.add(j.name, j.data, j.opts);
    const { timestamp, added } = await enqueueJobs(redis, viaScript, jobs);
    expect(added).toEqual([true, true, true]);

    for (const j of jobs) {
      const ours = await redis.hgetall(viaScript.toKey(j.opts.jobId));
      const theirs = await redis.hgetall(viaBullmq.toKey(j.opts.jobId));
      expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
      expect({ ...ours, timestamp: "" }).toEqual({ ...theirs, timestamp: "" });
      expect(Number(ours["timestamp"])).toBe(timestamp);
    }
    // Same scores (priority and counter), same counters, the marker set, the same events.
    expect(await redis.zrange(viaScript.toKey("prioritized"), 0, -1, "WITHSCORES")).toEqual(
      await redis.zrange(viaBullmq.toKey("prioritized"), 0, -1, "WITHSCORES"),
    );
    for (const key of ["id", "pc"]) expect(await redis.get(viaScript.toKey(key))).toBe(await redis.get(viaBullmq.toKey(key)));
    expect(await redis.zrange(viaScript.toKey("marker"), 0, -1)).toEqual(["0"]);
    expect(await events(viaScript)).toEqual(await events(viaBullmq));
    expect(await redis.hget(viaScript.toKey("meta"), "opts.maxLenEvents")).toBe("500");

    // BullMQ reads the jobs back as its own.
    const read = await viaScript.getJob("b");
    expect(read?.name).toBe("diagnostic.noop");
    expect(read?.data).toEqual({ priority: "normal", payload: { id: "b" } });
    expect(read?.opts).toMatchObject({ priority: 1, attempts: 4 });
    expect(read?.timestamp).toBe(timestamp);
    expect(await viaScript.getJobState("b")).toBe("prioritized");
    expect(await viaScript.getJobCounts("prioritized")).toEqual({ prioritized: 3 });
  });

  it("a BullMQ worker takes the jobs by priority, FIFO within one, across chunks", async () => {
    const q = queue("{order}");
    // 2,500 jobs: three script calls of at most 1,000.
    const jobs = Array.from({ length: 2_500 }, (_, i) => job(`j${i}`, (i % 5) + 1));
    const { added } = await enqueueJobs(redis, q, jobs);
    expect(added.filter(Boolean)).toHaveLength(2_500);

    const seen: string[] = [];
    const worker = new Worker(
      q.name,
      async (j) => {
        seen.push(j.id ?? "");
      },
      { connection: createRedis(inject("redisUrl"), "test:enqueue-worker"), prefix, concurrency: 1 },
    );
    try {
      await expect.poll(() => seen.length, { timeout: 30_000, interval: 50 }).toBe(2_500);
    } finally {
      await worker.close();
      await closeRedis(worker.opts.connection as Redis);
    }
    const expected = [...jobs].sort((x, y) => x.opts.priority - y.opts.priority).map((j) => j.opts.jobId);
    expect(seen).toEqual(expected);
  });

  it("leaves an existing job alone and says so", async () => {
    const q = queue("{dup}");
    await enqueueJobs(redis, q, [job("same", 2)]);
    const again = await enqueueJobs(redis, q, [{ ...job("same", 5), data: { changed: true } }, job("other", 2)]);
    expect(again.added).toEqual([false, true]);
    expect(await redis.hget(q.toKey("same"), "data")).toBe(JSON.stringify({ priority: "normal", payload: { id: "same" } }));
    expect(await redis.zscore(q.toKey("prioritized"), "same")).toBe(String(2 * 0x100000000 + 1));
    expect((await events(q)).filter((e) => e["event"] === "duplicated")).toEqual([{ event: "duplicated", jobId: "same" }]);
  });

  it("sets no marker on a paused queue, and the jobs run after resume", async () => {
    const q = queue("{paused}");
    await q.pause();
    await enqueueJobs(redis, q, [job("p1"), job("p2")]);
    expect(await redis.exists(q.toKey("marker"))).toBe(0);
    expect(await q.getJobCounts("prioritized")).toEqual({ prioritized: 2 });

    const done: string[] = [];
    const worker = new Worker(q.name, async (j) => void done.push(j.id ?? ""), {
      connection: createRedis(inject("redisUrl"), "test:enqueue-worker"),
      prefix,
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toEqual([]);
      await q.resume();
      await expect.poll(() => done.length, { timeout: 10_000, interval: 50 }).toBe(2);
    } finally {
      await worker.close();
      await closeRedis(worker.opts.connection as Redis);
    }
  });

  it("loads the script again after Redis forgot it", async () => {
    const q = queue("{noscript}");
    await enqueueJobs(redis, q, [job("before")]);
    await redis.script("FLUSH");
    const { added } = await enqueueJobs(redis, q, [job("after")]);
    expect(added).toEqual([true]);
    expect(await q.getJobState("after")).toBe("prioritized");
  });

  it("refuses priority 0 (BullMQ's plain wait list), adding nothing", async () => {
    const q = queue("{prio0}");
    await expect(enqueueJobs(redis, q, [job("ok"), job("zero", 0)])).rejects.toThrow(/zero: priority must be/);
    expect(await redis.exists(q.toKey("ok"))).toBe(0);
  });

  it("carries a sampled trace on the first jobs of a call only, and says so on the span", async () => {
    const q = queue("{traced}");
    const ended: Array<{ name: string; attributes: Record<string, unknown> }> = [];
    // A span exporter that keeps what it is sent (the SDK's in-memory one, without depending on the SDK here).
    const tracing = startTracing({
      serviceName: "test",
      sampleRatio: 1,
      exporter: {
        export: (spans, done) => {
          for (const span of spans) ended.push({ name: span.name, attributes: { ...span.attributes } });
          done({ code: 0 });
        },
        shutdown: () => Promise.resolve(),
      },
    });
    try {
      const jobs = Array.from({ length: TRACED_JOBS_PER_CALL + 15 }, (_, i) => job(`t${i}`));
      const traceparent = await inSpan("bulk", {}, async () => {
        await enqueueJobs(redis, q, jobs);
        const single = job("single");
        await enqueueJobs(redis, q, [single]);
        return null;
      });
      expect(traceparent).toBeNull();
      const carried = await Promise.all(
        [...jobs, job("single")].map(async (j) => (JSON.parse((await redis.hget(q.toKey(j.opts.jobId), "data")) ?? "{}") as { trace?: { traceparent?: string } }).trace?.traceparent ?? null),
      );
      expect(carried.slice(0, TRACED_JOBS_PER_CALL).every((t) => typeof t === "string" && t.length > 0)).toBe(true);
      expect(carried.slice(TRACED_JOBS_PER_CALL, jobs.length)).toEqual(Array.from({ length: 15 }, () => null));
      // The single submission is followed too, in the same trace.
      expect(carried.at(-1)).toBe(carried[0]);
      await tracing?.forceFlush();
      const span = ended.find((s) => s.name === "bulk");
      expect(span?.attributes).toMatchObject({ "switchyard.tasks.enqueued": jobs.length, "switchyard.tasks.traced": TRACED_JOBS_PER_CALL });
    } finally {
      await tracing?.shutdown();
    }
  });
});
