import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DIALECTS, SERVER_START_TIMEOUT_MS, type TestDatabaseServer } from "../test-support/dialects.js";
import { rawQuery } from "../test-support/raw-query.js";
import { orderedId, taskRow } from "../test-support/task-rows.js";
import { createDatabase, type Database, type TaskRow } from "./index.js";

describe.each(DIALECTS)("task history ($kind)", ({ start }) => {
  let server: TestDatabaseServer;
  let url: string;
  let db: Database;
  beforeAll(async () => {
    server = await start();
  }, SERVER_START_TIMEOUT_MS);
  afterAll(() => server?.stop());
  beforeEach(async () => {
    url = await server.createDatabase();
    db = await createDatabase(url);
    await db.migrate();
  });
  afterEach(() => db?.close());

  it("round-trips every field: dates to the millisecond, JSON values, nulls", async () => {
    const full = taskRow({
      status: "completed",
      payload: { text: "héllo ☃ \"quoted\" \\ back", n: 1.5, list: [1, "two", null, { deep: true }], empty: {} },
      result: [{ score: 0.25 }, "x"],
      error: "boom: line1\nline2",
      progress: { percent: 100, message: "done" },
      attempts: 3,
      version: 32,
      createdAt: new Date("2025-03-04T05:06:07.001Z"),
      startedAt: new Date("2025-03-04T05:06:08.999Z"),
      finishedAt: new Date("2025-12-31T23:59:59.123Z"),
      updatedAt: new Date("2026-01-01T00:00:00.000Z"),
    });
    const bare = taskRow({ payload: null, progress: null, createdAt: new Date("1999-01-01T00:00:00.010Z") });
    const scalars = [
      taskRow({ payload: "just a string" }),
      taskRow({ payload: 42 }),
      taskRow({ payload: 0.5 }),
      taskRow({ payload: true }),
      taskRow({ payload: [] }),
      taskRow({ progress: { percent: 12.5 } }),
    ];
    await db.tasks.upsertMany([full, bare, ...scalars]);
    expect(await db.tasks.get(full.id)).toEqual(full);
    expect(await db.tasks.get(bare.id)).toEqual(bare);
    for (const row of scalars) expect(await db.tasks.get(row.id)).toEqual(row);
    expect(await db.tasks.get("no-such-task")).toBeNull();
  });

  it("keeps the highest version whatever order batches land in", async () => {
    const queued = taskRow({ payload: { q: 1 }, version: 0, createdAt: new Date("2025-01-01T00:00:00.000Z") });
    const started = new Date("2025-01-01T00:00:01.000Z");
    const completed: TaskRow = {
      ...queued,
      status: "completed",
      result: { answer: 42 },
      attempts: 1,
      version: 12,
      startedAt: started,
      finishedAt: new Date("2025-01-01T00:00:02.000Z"),
      updatedAt: new Date("2025-01-01T00:00:02.000Z"),
    };
    // The worker's completion is flushed before the submitter's queued row.
    await db.tasks.upsertMany([completed]);
    await db.tasks.upsertMany([queued]);
    expect(await db.tasks.get(queued.id)).toEqual(completed);

    // In order, a newer row without payload/startedAt keeps the stored ones.
    const other = taskRow({ payload: { keep: "me" }, createdAt: new Date("2025-01-01T00:00:00.500Z") });
    await db.tasks.upsertMany([other]);
    await db.tasks.upsertMany([{ ...other, status: "active", version: 11, payload: null, startedAt: started }]);
    const done = { ...other, status: "failed", version: 12, payload: null, startedAt: null, error: "x" };
    await db.tasks.upsertMany([done]);
    expect(await db.tasks.get(other.id)).toEqual({ ...done, payload: { keep: "me" }, startedAt: started });

    // An equal version rewrites (a retried flush is harmless); createdAt stays the earliest.
    await db.tasks.upsertMany([{ ...done, error: "y", createdAt: new Date("2030-01-01T00:00:00.000Z") }]);
    expect(await db.tasks.get(other.id)).toMatchObject({ error: "y", createdAt: other.createdAt });
  });

  it("merges several versions of one task inside a single batch as if written in order", async () => {
    const row = taskRow({ payload: { a: 1 } });
    const started = new Date("2025-01-01T00:00:01.000Z");
    await db.tasks.upsertMany([
      row,
      { ...row, status: "active", version: 1, payload: null, startedAt: started },
      { ...row, status: "completed", version: 2, payload: null },
      { ...row, status: "active", version: 1, error: "stale" },
    ]);
    expect(await db.tasks.get(row.id)).toMatchObject({
      status: "completed",
      version: 2,
      payload: { a: 1 },
      startedAt: started,
      error: null,
    });
  });

  it("writes batches larger than one statement holds", async () => {
    const rows = Array.from({ length: 12_001 }, (_, i) => taskRow({ attempts: i }));
    await db.tasks.upsertMany(rows);
    expect(await db.tasks.countByStatus()).toEqual({ queued: 12_001 });
    for (const i of [0, 4_999, 5_000, 12_000]) expect(await db.tasks.get(rows[i]?.id ?? "")).toEqual(rows[i]);
    await db.tasks.upsertMany(rows.map((r) => ({ ...r, status: "completed", version: 2 })));
    expect(await db.tasks.countByStatus()).toEqual({ completed: 12_001 });
  });

  it("upserts 20,000 rows in 500-row batches", { timeout: 120_000 }, async () => {
    const rows = Array.from({ length: 20_000 }, () => taskRow({ payload: { url: "https://example.test/x", n: 1 } }));
    for (let i = 0; i < rows.length; i += 500) await db.tasks.upsertMany(rows.slice(i, i + 500));
    const finished = rows.map((r) => ({ ...r, status: "completed", version: 2, finishedAt: new Date(), result: { ok: true } }));
    for (let i = 0; i < finished.length; i += 500) await db.tasks.upsertMany(finished.slice(i, i + 500));
    expect(await db.tasks.countByStatus()).toEqual({ completed: 20_000 });
  });

  it("converges when two connections write interleaved versions concurrently", async () => {
    const other = await createDatabase(url);
    try {
      const rows = Array.from({ length: 300 }, () => taskRow());
      const versions = (v: number, status: string) => rows.map((r) => ({ ...r, version: v, status }));
      await Promise.all([
        db.tasks.upsertMany(versions(2, "completed")),
        other.tasks.upsertMany(versions(0, "queued")),
        other.tasks.upsertMany(versions(1, "active")),
        db.tasks.upsertMany([...versions(1, "active")].reverse()),
      ]);
      expect(await db.tasks.countByStatus()).toEqual({ completed: 300 });
    } finally {
      await other.close();
    }
  });

  it("stores text that PostgreSQL cannot hold (NUL) without failing the batch", async () => {
    const row = taskRow({ error: "bad\0byte", result: { out: "a\0b" } });
    await db.tasks.upsertMany([row]);
    const stored = await db.tasks.get(row.id);
    expect(stored?.error?.replaceAll("\0", "")).toBe("badbyte");
    expect(JSON.stringify(stored?.result).replaceAll("\\u0000", "")).toBe('{"out":"ab"}');
  });

  it("rejects rows with invalid values instead of writing garbage", async () => {
    await expect(db.tasks.upsertMany([taskRow({ createdAt: new Date("nope") })])).rejects.toThrow(/createdAt/);
    await expect(db.tasks.upsertMany([taskRow({ attempts: 1.5 })])).rejects.toThrow(/attempts/);
    await db.tasks.upsertMany([]);
  });

  describe("list", () => {
    let all: TaskRow[];
    beforeEach(async () => {
      const pools = ["rag", "scrape", "embed"];
      const statuses = ["queued", "active", "completed", "failed", "cancelled"];
      all = Array.from({ length: 250 }, (_, i) =>
        taskRow({ pool: pools[i % 3], type: `${pools[i % 3]}.job`, status: statuses[i % 5] }),
      );
      // Written in shuffled batches: order must come from the ids, not from insertion.
      const shuffled = [...all].sort(() => Math.random() - 0.5);
      for (let i = 0; i < shuffled.length; i += 40) await db.tasks.upsertMany(shuffled.slice(i, i + 40));
    });

    async function pageThrough(query: { status?: string; type?: string; pool?: string }, limit: number) {
      const seen: TaskRow[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 1_000; pages++) {
        const page = await db.tasks.list({ ...query, limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        if (page.nextCursor === null) return seen;
        expect(page.items).toHaveLength(limit);
        cursor = page.nextCursor;
      }
      throw new Error("paging did not end");
    }

    it("pages newest first with no duplicates or gaps", async () => {
      const newestFirst = [...all].reverse();
      const seen = await pageThrough({}, 17);
      expect(seen.map((r) => r.id)).toEqual(newestFirst.map((r) => r.id));
      expect(seen).toEqual(newestFirst);
      // An exact multiple of the page size ends with an empty-cursor page, not an empty page.
      expect((await pageThrough({}, 25)).map((r) => r.id)).toEqual(newestFirst.map((r) => r.id));
      expect(await db.tasks.list({ limit: 1000 })).toEqual({ items: newestFirst, nextCursor: null });
    });

    it("filters by status, type and pool, alone and together", async () => {
      const newestFirst = [...all].reverse();
      for (const query of [{ status: "failed" }, { pool: "scrape" }, { type: "embed.job" }, { pool: "rag", status: "queued" }]) {
        const expected = newestFirst.filter((r) => Object.entries(query).every(([k, v]) => r[k as keyof TaskRow] === v));
        expect(expected.length).toBeGreaterThan(0);
        expect((await pageThrough(query, 7)).map((r) => r.id)).toEqual(expected.map((r) => r.id));
      }
      expect(await db.tasks.list({ status: "nope", limit: 10 })).toEqual({ items: [], nextCursor: null });
    });

    it("sees rows written between pages on the next first page only", async () => {
      const first = await db.tasks.list({ limit: 100 });
      await db.tasks.upsertMany([taskRow({ id: orderedId() })]);
      const second = await db.tasks.list({ limit: 100, cursor: first.nextCursor ?? undefined });
      expect(second.items[0]?.id).toBe(all[149]?.id);
    });

    it("rejects a limit that is not a positive integer", async () => {
      await expect(db.tasks.list({ limit: 0 })).rejects.toThrow(RangeError);
      await expect(db.tasks.list({ limit: 2.5 })).rejects.toThrow(RangeError);
    });

    it("counts by status", async () => {
      expect(await db.tasks.countByStatus()).toEqual({ queued: 50, active: 50, completed: 50, failed: 50, cancelled: 50 });
    });
  });

  it("deletes only finished tasks that finished before the cutoff", async () => {
    const cutoff = new Date("2025-06-01T12:00:00.000Z");
    const before = new Date(cutoff.getTime() - 1);
    const after = new Date(cutoff.getTime() + 1);
    const rows = [
      taskRow({ status: "completed", finishedAt: before }),
      taskRow({ status: "failed", finishedAt: before }),
      taskRow({ status: "cancelled", finishedAt: new Date("2020-01-01T00:00:00.000Z") }),
      taskRow({ status: "completed", finishedAt: cutoff }),
      taskRow({ status: "completed", finishedAt: after }),
      taskRow({ status: "active", finishedAt: before }),
      taskRow({ status: "queued" }),
      taskRow({ status: "completed", finishedAt: null }),
    ];
    await db.tasks.upsertMany(rows);
    expect(await db.tasks.deleteFinishedBefore(cutoff, true)).toBe(3);
    expect(await db.tasks.countByStatus()).toEqual({ completed: 4, failed: 1, cancelled: 1, active: 1, queued: 1 });
    expect(await db.tasks.deleteFinishedBefore(cutoff, false)).toBe(3);
    const left = (await db.tasks.list({ limit: 100 })).items.map((r) => r.id).sort();
    expect(left).toEqual(rows.slice(3).map((r) => r.id).sort());
    expect(await db.tasks.deleteFinishedBefore(cutoff, false)).toBe(0);
  });

  it("deletes in batches when there are many", { timeout: 120_000 }, async () => {
    const finishedAt = new Date("2024-01-01T00:00:00.000Z");
    const rows = Array.from({ length: 12_345 }, () => taskRow({ status: "completed", finishedAt }));
    for (let i = 0; i < rows.length; i += 500) await db.tasks.upsertMany(rows.slice(i, i + 500));
    expect(await db.tasks.deleteFinishedBefore(new Date(), false)).toBe(12_345);
    expect(await rawQuery(url, "SELECT COUNT(*) AS n FROM tasks")).toEqual([{ n: expect.anything() }]);
    expect(await db.tasks.countByStatus()).toEqual({});
  });
});
