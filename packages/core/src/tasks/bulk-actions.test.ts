import { afterEach, describe, expect, inject, it } from "vitest";
import { DEFAULT_POOLS, type BulkTaskActionResult, type PoolsConfig } from "@switchyard/shared";
import { clearFault, setFault } from "@switchyard/queue";
import { eventually, startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

let p: TestPlatform | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

type Json = Record<string, unknown>;
const json = (r: Response) => r.json() as Promise<Json>;
const post = (path: string, body: unknown) => p!.api(path, { method: "POST", body: JSON.stringify(body) });
const bulk = async (body: unknown): Promise<BulkTaskActionResult> => {
  const res = await post("/api/v1/tasks/bulk-action", body);
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
  return (await res.json()) as BulkTaskActionResult;
};
const list = async (query: string) => (await json(await p!.api(`/api/v1/tasks?${query}`))) as { items: Json[]; nextCursor: string | null };

function pools(batch: Partial<PoolsConfig["batch"]>): PoolsConfig {
  return { ...DEFAULT_POOLS, batch: { ...DEFAULT_POOLS.batch, ...batch } };
}

describe("task search and bulk actions over the API", () => {
  it("searches by payload and error text, time range and priority; a bulk retry of a filter runs the dead ones again; a dry run changes nothing", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl"), pools: pools({ retries: 0, concurrency: 20 }) });
    const flag = "bulk-drill";
    await setFault(p.web.platform.redis, p.prefix, flag);
    await p.startWorker({ poolNames: ["batch"] });
    const before = new Date();
    // 12 tasks that fail while the flag is set, 8 that succeed; both are diagnostic.flaky in pool batch.
    const failing = Array.from({ length: 12 }, (_, i) => ({ type: "diagnostic.flaky", priority: i % 2 === 0 ? "high" : "low", payload: { faultFlag: flag } }));
    const passing = Array.from({ length: 8 }, () => ({ type: "diagnostic.flaky", payload: { failTimes: 0 } }));
    const { ids: deadIds } = (await json(await post("/api/v1/tasks/bulk", { tasks: failing }))) as { ids: string[] };
    const { ids: okIds } = (await json(await post("/api/v1/tasks/bulk", { tasks: passing }))) as { ids: string[] };
    const db = await p.openDb();
    await eventually(async () => {
      const counts = await db.tasks.countByStatus();
      return counts["dead"] === 12 && counts["completed"] === 8;
    }, 60_000, "12 dead, 8 completed");

    // Search: a word of the payload (the flag's name), of the error, with status and time range.
    const byPayload = await list(`q=${encodeURIComponent("bulk-drill")}&limit=50`);
    expect(byPayload.items.map((t) => t["id"])).toEqual([...deadIds].reverse());
    const byError = await list(`q=${encodeURIComponent("FAULT flag")}&status=dead&limit=5`);
    expect(byError.items).toHaveLength(5);
    expect(byError.nextCursor).not.toBeNull();
    const high = await list(`q=drill&priority=high&limit=50`);
    expect(high.items.map((t) => t["id"])).toEqual(deadIds.filter((_, i) => i % 2 === 0).reverse());
    const inRange = await list(`from=${encodeURIComponent(before.toISOString())}&to=${encodeURIComponent(new Date().toISOString())}&limit=50`);
    expect(inRange.items).toHaveLength(20);
    expect((await list(`to=${encodeURIComponent(new Date(before.getTime() - 60_000).toISOString())}`)).items).toHaveLength(0);
    expect((await p.api(`/api/v1/tasks?q=${encodeURIComponent("!!")}`)).status).toBe(400);

    // A dry run counts and changes nothing.
    const filter = { status: "dead", type: "diagnostic.flaky", q: "drill" };
    const preview = await bulk({ action: "retry", filter, dryRun: true });
    expect(preview).toMatchObject({ action: "retry", dryRun: true, matched: 12, affected: 12, skipped: 0, truncated: false });
    const deletePreview = await bulk({ action: "delete", ids: [...deadIds, ...okIds, "no-such-task"], dryRun: true });
    expect(deletePreview).toMatchObject({ matched: 20, affected: 20, skipped: 1, skippedReasons: { "not found": 1 } });
    expect(await db.tasks.countByStatus()).toEqual({ dead: 12, completed: 8 });

    // The cause is gone: retrying the filter runs every dead task again, and a worker completes them.
    await clearFault(p.web.platform.redis, p.prefix, flag);
    const done = await bulk({ action: "retry", filter });
    expect(done).toMatchObject({ matched: 12, affected: 12, skipped: 0 });
    await eventually(async () => (await db.tasks.countByStatus())["completed"] === 20, 60_000, "20 completed");

    // Retrying completed tasks skips them; deleting them by filter empties the history.
    const again = await bulk({ action: "retry", ids: okIds });
    expect(again).toMatchObject({ matched: 8, affected: 0, skipped: 8, skippedReasons: { "task is completed": 8 } });
    const removed = await bulk({ action: "delete", filter: { type: "diagnostic.flaky", status: "completed" } });
    expect(removed).toMatchObject({ matched: 20, affected: 20, skipped: 0 });
    expect(await db.tasks.countByStatus()).toEqual({});
    expect((await p.api(`/api/v1/tasks/${deadIds[0]}`)).status).toBe(404);
    await db.close();
  }, 180_000);

  it("cancels waiting tasks by filter and refuses to delete unfinished ones", async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    // No worker: the tasks stay queued.
    const tasks = Array.from({ length: 6 }, () => ({ type: "diagnostic.sleep", payload: { ms: 10 } }));
    const { ids } = (await json(await post("/api/v1/tasks/bulk", { tasks }))) as { ids: string[] };
    const db = await p.openDb();
    await eventually(async () => (await db.tasks.countByStatus())["queued"] === 6, 30_000, "6 queued rows");
    const refused = await bulk({ action: "delete", ids });
    expect(refused).toMatchObject({ matched: 6, affected: 0, skipped: 6, skippedReasons: { "task is queued (only finished tasks are deleted)": 6 } });
    const cancelled = await bulk({ action: "cancel", filter: { type: "diagnostic.sleep" } });
    expect(cancelled).toMatchObject({ matched: 6, affected: 6, skipped: 0 });
    expect(await db.tasks.countByStatus()).toEqual({ cancelled: 6 });
    expect((await post("/api/v1/tasks/bulk-action", { action: "cancel" })).status).toBe(400);
    expect((await post("/api/v1/tasks/bulk-action", { action: "cancel", filter: {} })).status).toBe(400);
    await db.close();
  }, 120_000);
});
