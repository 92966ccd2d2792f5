import { afterEach, describe, expect, inject, it } from "vitest";
import { DEFAULT_POOLS, priorityRank } from "@switchyard/shared";
import { eventually, startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";
import { agePool } from "@switchyard/queue";

let p: TestPlatform | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

type Json = Record<string, unknown>;
const json = (r: Response) => r.json() as Promise<Json>;
const send = (method: string, path: string, body?: unknown, token?: string) =>
  p!.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(token ? { token } : {}) });
const bulk = (tasks: unknown[]) => send("POST", "/api/v1/tasks/bulk", { tasks });

describe("pool operations", () => {
  it("pauses, resumes, drains and changes concurrency live", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    const rt = await p.startWorker({ poolNames: ["batch"] });
    const paused = (await json(await send("PATCH", "/api/v1/pools/batch", { state: "paused" }))) as { pool: { paused: boolean } };
    expect(paused.pool.paused).toBe(true);
    await bulk(Array.from({ length: 6 }, () => ({ type: "diagnostic.noop" })));
    await new Promise((r) => setTimeout(r, 500));
    const db = await p.openDb();
    expect((await db.tasks.countByStatus())["completed"] ?? 0).toBe(0);

    // Drain removes the waiting tasks; they become cancelled.
    const drained = (await json(await send("PATCH", "/api/v1/pools/batch", { drain: true }))) as { drained: number };
    expect(drained.drained).toBe(6);
    await eventually(async () => (await db.tasks.countByStatus())["cancelled"] === 6, 5_000, "6 cancelled");

    // Concurrency: every worker process applies it live and reports it in its heartbeat.
    const changed = (await json(await send("PATCH", "/api/v1/pools/batch", { concurrency: 7 }))) as {
      pool: { config: { concurrency: number } };
      notifiedWorkers: number;
    };
    expect(changed.pool.config.concurrency).toBe(7);
    expect(changed.notifiedWorkers).toBeGreaterThanOrEqual(1);
    await rt.heartbeat();
    await eventually(async () => {
      const { workers } = (await json(await p!.api("/api/v1/workers"))) as { workers: Array<{ concurrency: Record<string, number> }> };
      return workers[0]?.concurrency["batch"] === 7;
    }, 5_000, "concurrency 7 in heartbeat");

    const resumed = (await json(await send("PATCH", "/api/v1/pools/batch", { state: "running" }))) as { pool: { paused: boolean } };
    expect(resumed.pool.paused).toBe(false);
    await bulk(Array.from({ length: 3 }, () => ({ type: "diagnostic.noop" })));
    await eventually(async () => (await db.tasks.countByStatus())["completed"] === 3, 10_000, "3 completed");

    // Bad input names the field.
    const bad = await send("PATCH", "/api/v1/pools/batch", { concurrency: -1 });
    expect(bad.status).toBe(400);
    expect(((await json(bad)) as { error: { issues: Array<{ path: string }> } }).error.issues[0]?.path).toBe("concurrency");
    expect((await send("PATCH", "/api/v1/pools/nope", { state: "paused" })).status).toBe(400);
    expect((await send("PATCH", "/api/v1/pools/batch", {})).status).toBe(400);
  });

  it("resets a pool and says exactly what it removed; only admins may", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    await bulk([
      ...Array.from({ length: 4 }, () => ({ type: "diagnostic.noop", priority: "low" })),
      ...Array.from({ length: 2 }, () => ({ type: "diagnostic.noop" })),
    ]);
    // With the sensitive scope, as steering a pool is sensitive.
    const op = await p.web.platform.db.tokens.create({ name: "ops", role: "operator", scopes: ["sensitive"] });
    const forbidden = await send("POST", "/api/v1/pools/batch/reset", {}, op.token);
    expect(forbidden.status).toBe(403);
    expect(((await json(forbidden)) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    // An operator may pause but not reset.
    expect((await send("PATCH", "/api/v1/pools/batch", { state: "running" }, op.token)).status).toBe(200);

    const res = await send("POST", "/api/v1/pools/batch/reset", {});
    expect(res.status).toBe(200);
    const report = (await json(res)) as { removed: Record<string, number>; total: number; cancelledTasks: number };
    expect(report.total).toBe(6);
    expect(report.removed["prioritized"]).toBe(6);
    expect(report.cancelledTasks).toBe(6);
    expect(await p.web.platform.queue("batch").count()).toBe(0);
    const db = await p.openDb();
    expect((await db.tasks.countByStatus())["cancelled"]).toBe(6);
    // The pool works afterwards.
    await p.startWorker({ poolNames: ["batch"] });
    await bulk([{ type: "diagnostic.noop" }]);
    await eventually(async () => (await db.tasks.countByStatus())["completed"] === 1, 10_000, "works after reset");
  });
});

describe("priority aging", () => {
  it("moves a long-waiting bulk task up one level per aging interval, up to critical", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    const { ids } = (await json(await bulk([{ type: "diagnostic.noop", priority: "bulk" }]))) as { ids: string[] };
    const queue = p.web.platform.queue("batch");
    const id = ids[0]!;
    const rank = async () => (await queue.getJob(id))?.priority;
    const t0 = (await queue.getJob(id))!.timestamp;
    const age = (at: number) => agePool(p!.web.platform.redis, queue, p!.prefix, "batch", { agingMs: 1_000 }, at);
    expect((await age(t0 + 500)).promoted).toBe(0);
    expect(await rank()).toBe(priorityRank("bulk"));
    await age(t0 + 1_100);
    expect(await rank()).toBe(priorityRank("low"));
    await age(t0 + 1_500); // low needs 2 intervals since submission
    expect(await rank()).toBe(priorityRank("low"));
    await age(t0 + 2_100);
    expect(await rank()).toBe(priorityRank("normal"));
    await age(t0 + 3_100);
    expect(await rank()).toBe(priorityRank("high"));
    await age(t0 + 4_100);
    expect(await rank()).toBe(priorityRank("critical"));
    await age(t0 + 60_000);
    expect(await rank()).toBe(priorityRank("critical"));
  });

  it("a steady stream of critical tasks cannot starve a bulk task", async () => {
    p = await startTestPlatform({
      redisUrl: inject("redisUrl"),
      pools: { ...DEFAULT_POOLS, batch: { ...DEFAULT_POOLS.batch, concurrency: 1, agingMs: 300 } },
    });
    const critical = () => Array.from({ length: 20 }, () => ({ type: "diagnostic.sleep", payload: { ms: 20 }, priority: "critical" }));
    await bulk(critical());
    const { ids } = (await json(await bulk([{ type: "diagnostic.noop", priority: "bulk" }]))) as { ids: string[] };
    await p.startWorker({ poolNames: ["batch"], agingIntervalMs: 100 });
    // Keep the critical backlog topped up for the whole test.
    let feeding = true;
    const feeder = (async () => {
      while (feeding) {
        await bulk(critical());
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    try {
      const done = await eventually(async () => {
        const v = await json(await p!.api(`/api/v1/tasks/${ids[0]}`));
        return v["status"] === "completed" ? v : undefined;
      }, 20_000, "the bulk task to run");
      expect(done["status"]).toBe("completed");
      // Critical tasks were still waiting when it ran: it was aged past them, not left for an idle moment.
      expect(await p.web.platform.queue("batch").getPrioritizedCount()).toBeGreaterThan(0);
    } finally {
      feeding = false;
      await feeder;
    }
  });
});
