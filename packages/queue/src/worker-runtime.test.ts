import { afterEach, describe, expect, inject, it } from "vitest";
import { Job } from "bullmq";
import { DEFAULT_POOLS, PRIORITIES } from "@switchyard/shared";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { readEventsSince } from "./task-events.js";

let p: TestPlatform | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const json = (r: Response) => r.json() as Promise<Record<string, unknown>>;

describe("worker runtime", () => {
  it("takes the highest priority first and keeps FIFO within a priority", async () => {
    p = await startTestPlatform({
      redisUrl: inject("redisUrl"),
      pools: { ...DEFAULT_POOLS, batch: { ...DEFAULT_POOLS.batch, concurrency: 1 } },
    });
    // A backlog submitted in shuffled priority order, before any worker runs.
    const order = ["low", "bulk", "normal", "critical", "high", "low", "critical", "bulk", "normal", "high", "low", "critical"];
    const tasks = order.map((priority) => ({ type: "diagnostic.noop", priority }));
    const { ids } = (await json(await p.api("/api/v1/tasks/bulk", { method: "POST", body: JSON.stringify({ tasks }) }))) as {
      ids: string[];
    };
    await p.startWorker({ poolNames: ["batch"] });
    const db = await p.openDb();
    await eventually(async () => ((await db.tasks.countByStatus())["completed"] ?? 0) === ids.length, 20_000, "all done");

    const events = await readEventsSince(p.web.platform.redis, p.prefix, "batch", "0-0", "+");
    const started = events.filter((e) => e.kind === "active").map((e) => e.taskId);
    const expected = PRIORITIES.flatMap((prio) => ids.filter((_, i) => order[i] === prio));
    expect(started).toEqual(expected);
  });

  it("records history in the database, queryable after Redis removed the task", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    await p.startWorker({ poolNames: ["batch"] });
    const res = await p.api("/api/v1/tasks", {
      method: "POST",
      body: JSON.stringify({ type: "diagnostic.sleep", payload: { ms: 300 }, priority: "critical" }),
    });
    const { id } = (await json(res)) as { id: string };
    const done = await eventually(async () => {
      const t = await json(await p!.api(`/api/v1/tasks/${id}`));
      return t["status"] === "completed" ? t : undefined;
    });
    expect(done["result"]).toMatchObject({ sleptMs: expect.any(Number) });
    expect(done["progress"]).toMatchObject({ percent: 100 });

    // Let the batched history write land, then remove the job from Redis entirely.
    const db = await p.openDb();
    await eventually(async () => (await db.tasks.get(id))?.status === "completed");
    const job = await Job.fromId(p.web.platform.queue("batch"), id);
    expect(job).toBeTruthy();
    await job!.remove();
    expect(await Job.fromId(p.web.platform.queue("batch"), id)).toBeUndefined();

    const after = await json(await p.api(`/api/v1/tasks/${id}`));
    expect(after).toMatchObject({
      id,
      type: "diagnostic.sleep",
      pool: "batch",
      priority: "critical",
      status: "completed",
      attempts: 1,
      error: null,
    });
    expect((after["result"] as { sleptMs: number }).sleptMs).toBeGreaterThanOrEqual(290);
    expect(Date.parse(after["finishedAt"] as string)).toBeGreaterThanOrEqual(Date.parse(after["startedAt"] as string));
    const listed = (await json(await p.api("/api/v1/tasks?status=completed"))) as { items: Array<{ id: string }> };
    expect(listed.items.map((i) => i.id)).toContain(id);
  });

  it("validates the payload again in the worker", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    await p.startWorker({ poolNames: ["batch"] });
    // A producer that bypasses the API: BullMQ directly, with a bad payload.
    await p.web.platform.queue("batch").add(
      "diagnostic.sleep",
      { type: "diagnostic.sleep", pool: "batch", priority: "normal", payload: { ms: "x" }, createdAt: Date.now() },
      { jobId: "01900000-0000-7000-8000-0000000000aa", priority: 3, attempts: 3 },
    );
    const t = await eventually(async () => {
      const v = await json(await p!.api("/api/v1/tasks/01900000-0000-7000-8000-0000000000aa"));
      return v["status"] === "dead" ? v : undefined;
    });
    expect(t["error"]).toMatch(/payload\.ms/);
    // Not retried: a bad payload cannot get better.
    expect(t["attempts"]).toBe(1);
  });

  it("retries a flaky task and records the final attempt count", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    await p.startWorker({ poolNames: ["batch"] });
    const { id } = (await json(
      await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.flaky", payload: { failTimes: 1 } }) }),
    )) as { id: string };
    const t = await eventually(async () => {
      const v = await json(await p!.api(`/api/v1/tasks/${id}`));
      return v["status"] === "completed" ? v : undefined;
    }, 30_000);
    expect(t["result"]).toEqual({ attempts: 2 });
    expect(t["attempts"]).toBe(2);
  });
});
