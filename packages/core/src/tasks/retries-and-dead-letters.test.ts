import { afterEach, describe, expect, inject, it } from "vitest";
import { DEFAULT_POOLS, type AttemptRecord, type PoolsConfig } from "@switchyard/shared";
import { eventually, startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";
import { clearFault, eventsKey, setFault } from "@switchyard/queue";

let p: TestPlatform | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

type Json = Record<string, unknown>;
const json = (r: Response) => r.json() as Promise<Json>;
const post = (path: string, body: unknown) => p!.api(path, { method: "POST", body: JSON.stringify(body) });

function pools(batch: Partial<PoolsConfig["batch"]>): PoolsConfig {
  return { ...DEFAULT_POOLS, batch: { ...DEFAULT_POOLS.batch, ...batch } };
}

/** A field of a BullMQ event stream entry (flat [name, value, …] list). */
function field(fields: string[], name: string): string | undefined {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

async function waitStatus(id: string, status: string, timeoutMs = 30_000): Promise<Json> {
  return eventually(async () => {
    const v = await json(await p!.api(`/api/v1/tasks/${id}`));
    return v["status"] === status ? v : undefined;
  }, timeoutMs, `task ${id} ${status}`);
}

describe("retries, backoff and dead letters", () => {
  it("retries a flaky task with the pool's backoff spacing and records each attempt's error", async () => {
    const backoffMs = [400, 800, 1_200];
    const backoffJitter = 0;
    p = await startTestPlatform({
      redisUrl: inject("redisUrl"),
      pools: pools({ retries: 3, backoffMs, backoffJitter }),
    });
    await p.startWorker({ poolNames: ["batch"] });
    const { id } = (await json(await post("/api/v1/tasks", { type: "diagnostic.flaky", payload: { failTimes: 3 } }))) as {
      id: string;
    };
    // Between attempts the API says "retrying".
    await waitStatus(id, "retrying", 10_000);
    const done = await waitStatus(id, "completed");
    expect(done["result"]).toEqual({ attempts: 4 });
    expect(done["attempts"]).toBe(4);
    const history = done["attemptHistory"] as AttemptRecord[];
    expect(history.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(history.map((a) => a.error)).toEqual([
      "flaky failure 1 of 3",
      "flaky failure 2 of 3",
      "flaky failure 3 of 3",
    ]);
    // Order and causality only: a loaded machine makes every gap longer, never shorter, so
    // there are lower bounds and no upper ones. The failed attempts, then the one that completed:
    const runs = [
      ...history.map((a) => ({ startedAt: Date.parse(a.startedAt ?? ""), finishedAt: Date.parse(a.finishedAt) })),
      { startedAt: Date.parse(done["startedAt"] as string), finishedAt: Date.parse(done["finishedAt"] as string) },
    ];
    for (const run of runs) expect(run.startedAt).toBeLessThanOrEqual(run.finishedAt);
    // Each retry started no earlier than the previous failure plus its configured backoff
    // (less the jitter, none here), so the attempts also ran strictly in order.
    for (let i = 0; i < history.length; i++) {
      const minBackoff = Math.round(backoffMs[i]! * (1 - backoffJitter));
      expect(runs[i + 1]!.startedAt - runs[i]!.finishedAt).toBeGreaterThanOrEqual(minBackoff);
    }
    // Which backoff each retry got, in order, from BullMQ's own record (where the wall-clock
    // version asserted "gap 2 - gap 1 > 200 ms"): each failure's "delayed" event carries the
    // time the retry is due (the worker's clock when it failed the job + the backoff) and its
    // stream id the time Redis wrote it. That failure time lies between the attempt's recorded
    // end and the event, however slow the machine, so due - backoff[i] must fall in between.
    const events = (await p.web.platform.redis.xrange(eventsKey(p.prefix, "batch"), "-", "+")) as Array<[string, string[]]>;
    const retries = events
      .filter(([, f]) => field(f, "event") === "delayed" && field(f, "jobId") === id)
      .map(([seq, f]) => ({ writtenAt: Number(seq.split("-")[0]), due: Number(field(f, "delay")) }));
    expect(retries).toHaveLength(history.length);
    retries.forEach((retry, i) => {
      const failedAt = retry.due - backoffMs[i]!;
      expect(failedAt).toBeGreaterThanOrEqual(runs[i]!.finishedAt);
      expect(failedAt).toBeLessThanOrEqual(retry.writtenAt);
      // …and the next attempt waited for it.
      expect(runs[i + 1]!.startedAt).toBeGreaterThanOrEqual(retry.due);
    });
  });

  it("applies the pool's retry policy in the worker: jobs store only their own limit, and a task's lower limit wins", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl"), pools: pools({ retries: 3, backoffMs: [100], backoffJitter: 0 }) });
    const pooled = (await json(await post("/api/v1/tasks", { type: "diagnostic.flaky", payload: { failTimes: 2 } }))) as { id: string };
    const once = (await json(
      await post("/api/v1/tasks", { type: "diagnostic.flaky", payload: { failTimes: 2 }, maxAttempts: 1 }),
    )) as { id: string };
    // Stored options: the id, the priority and only a limit the task asked for.
    const redis = p.web.platform.redis;
    const opts = async (id: string) => JSON.parse((await redis.hget(`${p!.prefix}:{batch}:${id}`, "opts")) ?? "{}") as Json;
    expect(Object.keys(await opts(pooled.id)).sort()).toEqual(["attempts", "jobId", "priority"]);
    expect((await opts(pooled.id))["attempts"]).toBe(0);
    expect((await opts(once.id))["attempts"]).toBe(1);
    await p.startWorker({ poolNames: ["batch"] });
    const done = await waitStatus(pooled.id, "completed");
    expect(done["attempts"]).toBe(3);
    const dead = await waitStatus(once.id, "dead");
    expect(dead["attempts"]).toBe(1);
    expect((dead["attemptHistory"] as AttemptRecord[]).map((a) => a.error)).toEqual(["flaky failure 1 of 2"]);
  });

  it("trims finished jobs in Redis to the retention by count, failed ones too; the history keeps every task", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl"), pools: pools({ retries: 0 }) });
    const flaky = Array.from({ length: 3 }, () => ({ type: "diagnostic.flaky", payload: { failTimes: 1 } }));
    const noop = Array.from({ length: 10 }, () => ({ type: "diagnostic.noop", payload: {} }));
    expect((await post("/api/v1/tasks/bulk", { tasks: [...flaky, ...noop] })).status).toBe(202);
    await p.startWorker({
      poolNames: ["batch"],
      retention: { completed: { count: 4, age: 3_600 }, failed: { count: 2, age: 3_600 } },
      reconcile: { intervalMs: 200, lagMs: 0 },
    });
    const db = await p.openDb();
    await eventually(async () => {
      const counts = await db.tasks.countByStatus();
      return counts["completed"] === 10 && counts["dead"] === 3 ? counts : undefined;
    }, 20_000, "10 completed and 3 dead in the history");
    // Jobs from a producer that bypassed the API fail without a history row (they are not tasks);
    // the trim still brings failed jobs back to 2.
    const queue = p.web.platform.queue("batch");
    const bypassing = await queue.addBulk(Array.from({ length: 4 }, (_, i) => ({ name: "not.a.task", data: { n: i } })));
    await eventually(async () => {
      const states = await Promise.all(bypassing.map((j) => queue.getJobState(j.id ?? "")));
      // "unknown": already trimmed away.
      return states.every((st) => st === "failed" || st === "unknown") ? states : undefined;
    }, 10_000, "the bypassing jobs failed");
    await eventually(async () => {
      const c = await queue.getJobCounts("completed", "failed");
      return c["completed"] === 4 && c["failed"] === 2 ? c : undefined;
    }, 10_000, "Redis trimmed to 4 completed and 2 failed");
    // Trimmed tasks stay readable through the API, from the history.
    const { items } = (await json(await p.api("/api/v1/tasks?status=completed&limit=20"))) as { items: Json[] };
    expect(items).toHaveLength(10);
  });

  it("aborts an attempt past its own timeout and counts it as a failed attempt", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl"), pools: pools({ retries: 1, backoffMs: [100], backoffJitter: 0 }) });
    await p.startWorker({ poolNames: ["batch"] });
    const { id } = (await json(
      await post("/api/v1/tasks", { type: "diagnostic.sleep", payload: { ms: 5_000 }, timeoutMs: 300, maxAttempts: 2 }),
    )) as { id: string };
    const dead = await waitStatus(id, "dead", 15_000);
    expect(dead["attempts"]).toBe(2);
    const history = dead["attemptHistory"] as AttemptRecord[];
    expect(history).toHaveLength(2);
    expect(history[0]!.error).toBe("task timed out after 300 ms");
  });

  it("a task that always fails becomes dead; 1,000 dead tasks are redriven by filter and all succeed once the cause is gone", async () => {
    p = await startTestPlatform({
      redisUrl: inject("redisUrl"),
      pools: pools({ retries: 1, backoffMs: [50], backoffJitter: 0, concurrency: 50 }),
    });
    const flag = "drill-cause";
    await setFault(p.web.platform.redis, p.prefix, flag);
    await p.startWorker({ poolNames: ["batch"] });
    const tasks = Array.from({ length: 1_000 }, () => ({ type: "diagnostic.flaky", payload: { faultFlag: flag } }));
    const { ids } = (await json(await post("/api/v1/tasks/bulk", { tasks }))) as { ids: string[] };
    const db = await p.openDb();
    await eventually(async () => ((await db.tasks.countByStatus())["dead"] ?? 0) === 1_000, 120_000, "1000 dead");

    const one = (await json(await p.api(`/api/v1/tasks/${ids[0]}`))) as Json;
    expect(one["status"]).toBe("dead");
    expect(one["error"]).toBe(`fault flag ${flag} is set`);
    expect((one["attemptHistory"] as AttemptRecord[]).map((a) => a.attempt)).toEqual([1, 2]);

    // The dead-letter list filters by error text and pages with a cursor.
    const page = (await json(await p.api(`/api/v1/dead-letters?error=${encodeURIComponent("FAULT FLAG")}&limit=400`))) as {
      items: Json[];
      nextCursor: string | null;
    };
    expect(page.items).toHaveLength(400);
    expect(page.nextCursor).not.toBeNull();
    const none = (await json(await p.api("/api/v1/dead-letters?error=nothing-like-this"))) as { items: Json[] };
    expect(none.items).toHaveLength(0);

    // Retrying a task that isn't dead is a conflict.
    const bad = await post("/api/v1/dead-letters/redrive", { filter: { pool: "nope" } });
    expect(bad.status).toBe(400);

    await clearFault(p.web.platform.redis, p.prefix, flag);
    const res = await post("/api/v1/dead-letters/redrive", { filter: { type: "diagnostic.flaky", error: "fault flag" } });
    expect(res.status).toBe(200);
    const report = (await json(res)) as { requested: number; redriven: number; skipped: unknown[] };
    expect(report).toEqual({ requested: 1_000, redriven: 1_000, skipped: [] });
    await eventually(async () => ((await db.tasks.countByStatus())["completed"] ?? 0) === 1_000, 120_000, "1000 completed");
    const after = (await json(await p.api(`/api/v1/tasks/${ids[0]}`))) as Json;
    expect(after["status"]).toBe("completed");
    // The new run keeps the old attempts' history.
    expect((after["attemptHistory"] as AttemptRecord[]).length).toBe(2);
    expect(((await json(await p.api("/api/v1/dead-letters"))) as { items: unknown[] }).items).toHaveLength(0);
    // Two waits of up to 120 s each: a loaded machine needs more than the default 60 s.
  }, 300_000);

  it("retries one dead task by id and refuses to retry a completed one", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl"), pools: pools({ retries: 0 }) });
    await setFault(p.web.platform.redis, p.prefix, "retry-one");
    await p.startWorker({ poolNames: ["batch"] });
    const { id } = (await json(
      await post("/api/v1/tasks", { type: "diagnostic.flaky", payload: { faultFlag: "retry-one" } }),
    )) as { id: string };
    await waitStatus(id, "dead");
    await clearFault(p.web.platform.redis, p.prefix, "retry-one");
    const retried = await post(`/api/v1/tasks/${id}/retry`, {});
    expect(retried.status).toBe(202);
    const done = await waitStatus(id, "completed");
    // A new run: its first attempt is attempt 1 again; the dead run's attempt stays in the history.
    expect(done["result"]).toEqual({ attempts: 1 });
    expect((done["attemptHistory"] as AttemptRecord[]).map((a) => a.run)).toEqual([0]);
    const again = await post(`/api/v1/tasks/${id}/retry`, {});
    expect(again.status).toBe(409);
    expect(((await json(again)) as { error: { message: string } }).error.message).toMatch(/completed/);
    expect((await post("/api/v1/tasks/01900000-0000-7000-8000-00000000dead/retry", {})).status).toBe(404);
  });
});

describe("cancel", () => {
  it("removes a queued task and stops an active one through its AbortSignal", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl"), pools: pools({ concurrency: 1 }) });
    const { ids } = (await json(
      await post("/api/v1/tasks/bulk", {
        tasks: [
          { type: "diagnostic.sleep", payload: { ms: 30_000 } },
          { type: "diagnostic.sleep", payload: { ms: 10 } },
        ],
      }),
    )) as { ids: string[] };
    const [longId, queuedId] = ids as [string, string];
    await p.startWorker({ poolNames: ["batch"] });
    await waitStatus(longId, "active", 10_000);

    const q = await post(`/api/v1/tasks/${queuedId}/cancel`, {});
    expect(q.status).toBe(200);
    expect(((await json(q)) as { task: Json }).task["status"]).toBe("cancelled");

    const a = await post(`/api/v1/tasks/${longId}/cancel`, {});
    expect(a.status).toBe(200);
    const body = (await json(a)) as { task: Json; stopped: boolean };
    expect(body.stopped).toBe(true);
    expect(body.task["status"]).toBe("cancelled");
    expect(body.task["error"]).toMatch(/cancel/i);
    // Stopped by its signal, not by finishing: the attempt ended before the handler's 30 s sleep
    // could have (causality, where a wall-clock bound on the request failed on a loaded machine).
    const ranMs = Date.parse(body.task["finishedAt"] as string) - Date.parse(body.task["startedAt"] as string);
    expect(ranMs).toBeGreaterThanOrEqual(0);
    expect(ranMs).toBeLessThan(30_000);
    // History agrees, and a cancelled task is not a dead letter.
    const db = await p.openDb();
    await eventually(async () => (await db.tasks.get(longId))?.status === "cancelled", 5_000, "history cancelled");
    expect((await db.tasks.get(queuedId))?.status).toBe("cancelled");
    expect(((await json(await p.api("/api/v1/dead-letters"))) as { items: unknown[] }).items).toHaveLength(0);
    // Cancelling twice is a conflict; a cancelled task can be retried.
    expect((await post(`/api/v1/tasks/${queuedId}/cancel`, {})).status).toBe(409);
    expect((await post(`/api/v1/tasks/${queuedId}/retry`, {})).status).toBe(202);
    await waitStatus(queuedId, "completed");
  });
});
