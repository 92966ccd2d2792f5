import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TaskRow } from "@switchyard/db";
import { startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

type Bucket = { start: string; completed: number; failed: number; p50Ms: number | null; p95Ms: number | null };
type Stats = { from: string; to: string; bucketMs: number; pools: Array<{ pool: string; buckets: Bucket[] }> };

let n = 0;
/** A history row finished at `finishedAt` after `runMs`, as the history writer would store it. */
function row(pool: string, status: string, finishedAt: number, runMs: number): TaskRow {
  return {
    id: `stats-${process.pid}-${n++}`,
    type: "diagnostic.noop",
    pool,
    priority: "normal",
    status,
    payload: {},
    result: null,
    error: status === "completed" ? null : "boom",
    progress: null,
    attempts: 1,
    version: 1,
    createdAt: new Date(finishedAt - runMs - 10),
    startedAt: new Date(finishedAt - runMs),
    finishedAt: new Date(finishedAt),
    updatedAt: new Date(finishedAt),
    attemptLog: null,
  };
}

const minuteOf = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

describe("GET /api/v1/task-stats (SQLite)", () => {
  let p: TestPlatform;
  const twoMinutesAgo = Date.now() - 120_000;
  beforeAll(async () => {
    p = await startTestPlatform({ redisUrl: inject("redisUrl") });
    const db = await p.openDb();
    // One minute's batch outcomes: three completed (10, 20, 30 ms) and one dead; one rag task.
    await db.tasks.upsertMany([
      row("batch", "completed", twoMinutesAgo, 30),
      row("batch", "completed", twoMinutesAgo, 10),
      row("batch", "completed", twoMinutesAgo, 20),
      row("batch", "dead", twoMinutesAgo, 5),
      row("rag", "completed", twoMinutesAgo, 7),
      // Two hours ago: outside the hour.
      row("batch", "completed", Date.now() - 2 * 3_600_000, 1),
    ]);
  });
  afterAll(async () => {
    await p?.close();
  });

  it("answers one bucket per minute for every pool, with the minute's outcomes and run-time percentiles", async () => {
    const res = await p.api("/api/v1/task-stats");
    expect(res.status).toBe(200);
    const stats = (await res.json()) as Stats;
    expect(stats.bucketMs).toBe(60_000);
    expect(stats.pools.map((x) => x.pool).sort()).toEqual(Object.keys(p.pools).sort());
    const batch = stats.pools.find((x) => x.pool === "batch");
    expect(batch?.buckets).toHaveLength(60);
    expect(batch?.buckets[0]?.start).toBe(stats.from);
    const filled = batch?.buckets.filter((b) => b.completed + b.failed > 0);
    expect(filled).toEqual([{ start: minuteOf(twoMinutesAgo), completed: 3, failed: 1, p50Ms: 20, p95Ms: 30 }]);
    const empty = batch?.buckets.find((b) => b.start !== minuteOf(twoMinutesAgo));
    expect(empty).toMatchObject({ completed: 0, failed: 0, p50Ms: null, p95Ms: null });
  });

  it("narrows to one pool and a shorter window", async () => {
    const stats = (await (await p.api("/api/v1/task-stats?pool=rag&minutes=5")).json()) as Stats;
    expect(stats.pools.map((x) => x.pool)).toEqual(["rag"]);
    expect(stats.pools[0]?.buckets).toHaveLength(5);
    expect(stats.pools[0]?.buckets.find((b) => b.start === minuteOf(twoMinutesAgo))).toMatchObject({ completed: 1, p50Ms: 7, p95Ms: 7 });
  });

  it("refuses bad input with a 400 naming the field, and callers without a token", async () => {
    for (const [query, field] of [
      ["minutes=3", "minutes"],
      ["minutes=61", "minutes"],
      ["pool=nope", "pool"],
    ] as const) {
      const res = await p.api(`/api/v1/task-stats?${query}`);
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(await res.json()), query).toContain(field);
    }
    expect((await p.api("/api/v1/task-stats", { token: null })).status).toBe(401);
  });
});
