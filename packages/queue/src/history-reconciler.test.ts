import { UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import type { Database, TaskHistoryRepo } from "@switchyard/db";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { versionFinished } from "./history-version.js";
import { verifyFinished } from "./history-reconciler.js";
import { poolKey } from "./keys.js";
import { closeRedis, createRedis } from "./redis-connection.js";
import { trimFinished } from "./retention.js";

let p: TestPlatform | undefined;
let worker: Worker | undefined;
afterEach(async () => {
  await worker?.close();
  if (worker) await closeRedis(worker.opts.connection as Redis);
  worker = undefined;
  await p?.close();
  p = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Tasks submitted through the API and then run by a bare BullMQ worker that writes no history:
 * Redis knows every outcome, the database only the queued rows (as after a SIGKILLed worker).
 */
async function finishWithoutHistory(count: number): Promise<{ ids: string[]; db: Database }> {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
  const res = await p.api("/api/v1/tasks/bulk", {
    method: "POST",
    body: JSON.stringify({ tasks: Array.from({ length: count }, () => ({ type: "diagnostic.noop" })) }),
  });
  const { ids } = (await res.json()) as { ids: string[] };
  await p.web.platform.history.flush();
  const [dead, cancelled] = ids;
  worker = new Worker(
    "{batch}",
    async (job) => {
      if (job.id === dead) throw new UnrecoverableError("boom");
      if (job.id === cancelled) throw new UnrecoverableError("cancelled: by an operator");
      return { n: ids.indexOf(job.id ?? "") };
    },
    { connection: createRedis(p.redisUrl, "test:bare-worker"), prefix: p.prefix, concurrency: 5 },
  );
  const queue = p.web.platform.queue("batch");
  await eventually(async () => {
    const c = await queue.getJobCounts("completed", "failed");
    return c["completed"] === count - 2 && c["failed"] === 2;
  }, 20_000, "all finished in Redis");
  return { ids, db: await p.openDb() };
}

describe("history reconciler", () => {
  it("writes the final row of every finished task the workers never recorded, across chunk boundaries", async () => {
    const { ids, db } = await finishWithoutHistory(12);
    const platform = p!.web.platform;
    const queue = platform.queue("batch");
    expect((await db.tasks.countByStatus())["queued"]).toBe(12);

    const common = { redis: platform.redis, prefix: p!.prefix, pool: "batch" as const, queue, repo: db.tasks, chunk: 3 };
    const until = Date.now();
    const completed = await verifyFinished({ ...common, state: "completed", until });
    const failed = await verifyFinished({ ...common, state: "failed", until });
    expect(completed).toMatchObject({ checked: 10, repaired: 10, verifiedUpTo: until });
    expect(failed).toMatchObject({ checked: 2, repaired: 2 });

    const rows = await db.tasks.getMany(ids);
    expect(rows.map((r) => r.status)).toEqual(["dead", "cancelled", ...Array<string>(10).fill("completed")]);
    expect(rows[0]?.error).toBe("boom");
    expect(rows[5]?.result).toEqual({ n: 5 });
    for (const r of rows) {
      const job = await queue.getJob(r.id);
      expect(r.finishedAt?.getTime()).toBe(job?.finishedOn);
    }
    // The checkpoint moved: a second pass has nothing to check.
    expect(await verifyFinished({ ...common, state: "completed", until: Date.now() })).toMatchObject({ checked: 0, repaired: 0 });
    expect(await platform.redis.get(poolKey(p!.prefix, "batch", "history-verified:completed"))).toBeTruthy();
  });

  it("rewrites a final row from an earlier run (older finishedAt)", async () => {
    const { ids, db } = await finishWithoutHistory(4);
    const platform = p!.web.platform;
    const queue = platform.queue("batch");
    const id = ids[3] ?? "";
    const job = await queue.getJob(id);
    const [stale] = await db.tasks.getMany([id]);
    // A "dead" row written for an earlier run, finished before this job was.
    await db.tasks.upsertMany([
      { ...stale!, status: "dead", error: "earlier run", version: versionFinished(1, 0), finishedAt: new Date((job?.finishedOn ?? 0) - 60_000) },
    ]);
    const common = { redis: platform.redis, prefix: p!.prefix, pool: "batch" as const, queue, repo: db.tasks };
    const result = await verifyFinished({ ...common, state: "completed", until: Date.now() });
    expect(result).toMatchObject({ checked: 2, repaired: 2 });
    expect((await db.tasks.get(id))).toMatchObject({ status: "completed", error: null, result: { n: 3 } });
  });

  it("moves no checkpoint and trims nothing while the database refuses the repairs", async () => {
    const { ids, db } = await finishWithoutHistory(6);
    const platform = p!.web.platform;
    const queue = platform.queue("batch");
    // The real repository, except that writes fail (a full disk, say).
    const failing: TaskHistoryRepo = Object.create(db.tasks) as TaskHistoryRepo;
    failing.upsertMany = () => Promise.reject(new Error("disk full"));
    const common = { redis: platform.redis, prefix: p!.prefix, pool: "batch" as const, queue };
    await sleep(1_100); // trimFinished leaves the last second before the checkpoint alone
    await expect(verifyFinished({ ...common, repo: failing, state: "completed", until: Date.now() })).rejects.toThrow("disk full");
    expect(await platform.redis.get(poolKey(p!.prefix, "batch", "history-verified:completed"))).toBeNull();
    // Nothing is verified, so retention keeps every job whatever its count.
    expect(await trimFinished(queue, "completed", { count: 0, age: 0 }, 0)).toBe(0);
    expect(await queue.getJobCountByTypes("completed")).toBe(4);

    const ok = await verifyFinished({ ...common, repo: db.tasks, state: "completed", until: Date.now() });
    expect(ok).toMatchObject({ checked: 4, repaired: 4 });
    // Verified now: trimmed to the retention, while the history keeps every task.
    expect(await trimFinished(queue, "completed", { count: 1, age: 3_600 }, ok.verifiedUpTo)).toBe(3);
    expect(await queue.getJobCountByTypes("completed")).toBe(1);
    expect((await db.tasks.getMany(ids)).filter((r) => r.status === "completed")).toHaveLength(4);
  });

  it("keeps jobs that finished after the verified time, whatever the retention", async () => {
    await finishWithoutHistory(5);
    const queue = p!.web.platform.queue("batch");
    const oldest = Number((await p!.web.platform.redis.zrange(queue.toKey("completed"), 0, 0, "WITHSCORES"))[1]);
    // Verified up to just before the first completion: nothing goes.
    expect(await trimFinished(queue, "completed", { count: 0, age: 0 }, oldest - 1)).toBe(0);
    expect(await queue.getJobCountByTypes("completed")).toBe(3);
    // Verified past the last one (and the clock margin): all go.
    await sleep(1_100);
    expect(await trimFinished(queue, "completed", { count: 0, age: 0 }, Date.now())).toBe(3);
  });
});
