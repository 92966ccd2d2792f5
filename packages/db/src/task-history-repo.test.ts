import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DIALECTS, SERVER_START_TIMEOUT_MS, type TestDatabaseServer } from "../test-support/dialects.js";
import { rawQuery } from "../test-support/raw-query.js";
import { orderedId, taskRow } from "../test-support/task-rows.js";
import { createDatabase, MAX_TASK_IDS, type AttemptRecord, type Database, type TaskListQuery, type TaskRow } from "./index.js";

const FINISHED_BASE = Date.parse("2025-05-01T00:00:00.000Z");

function attempt(n: number, overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    attempt: n,
    run: 1,
    error: `attempt ${n} failed`,
    workerId: "w-1",
    startedAt: "2025-05-01T00:00:00.000Z",
    finishedAt: "2025-05-01T00:00:01.000Z",
    ...overrides,
  };
}

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
      attemptLog: [attempt(1), attempt(2, { run: 2, workerId: null, startedAt: null })],
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
    const done = { ...other, status: "dead", version: 12, payload: null, startedAt: null, error: "x" };
    await db.tasks.upsertMany([done]);
    expect(await db.tasks.get(other.id)).toEqual({ ...done, payload: { keep: "me" }, startedAt: started });

    // An equal version rewrites (a retried flush is harmless); createdAt stays the earliest.
    await db.tasks.upsertMany([{ ...done, error: "y", createdAt: new Date("2030-01-01T00:00:00.000Z") }]);
    expect(await db.tasks.get(other.id)).toMatchObject({ error: "y", createdAt: other.createdAt });
  });

  it("writes later states of stored tasks without their payload, and whole rows for tasks not stored yet, in one batch", async () => {
    const stored = Array.from({ length: 3 }, (_, i) => taskRow({ payload: { doc: `stored ${i}` } }));
    await db.tasks.upsertMany(stored);
    const finishedAt = new Date("2025-06-01T00:00:02.000Z");
    const later = stored.map((row, i) => ({
      ...row,
      status: i === 0 ? "active" : "completed",
      version: 12,
      attempts: 1,
      // The payload is fixed at submission: a later row carrying another one does not replace it.
      payload: { doc: "changed" },
      result: i === 0 ? null : { n: i },
      startedAt: new Date("2025-06-01T00:00:01.000Z"),
      finishedAt: i === 0 ? null : finishedAt,
      updatedAt: finishedAt,
    }));
    // Finished before their queued rows were written (another process's, still on its way).
    const unseen = Array.from({ length: 2 }, (_, i) =>
      taskRow({ status: "completed", version: 12, payload: { doc: `unseen ${i}` }, result: { ok: true }, finishedAt, updatedAt: finishedAt }),
    );
    await db.tasks.upsertMany([...later, ...unseen]);
    for (const [i, row] of later.entries()) expect(await db.tasks.get(row.id)).toEqual({ ...row, payload: { doc: `stored ${i}` } });
    for (const row of unseen) expect(await db.tasks.get(row.id)).toEqual(row);
    // The queued rows landing late change nothing.
    await db.tasks.upsertMany(unseen.map((row) => ({ ...row, status: "queued", version: 0, result: null, finishedAt: null })));
    for (const row of unseen) expect(await db.tasks.get(row.id)).toEqual(row);
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

  it("stores the attempt log, keeping it when a newer row carries none, under the version guard", async () => {
    const first = [attempt(1, { workerId: null, startedAt: null, error: "Ünïcode \"quoted\" \\ boom\nline 2" })];
    const two = [...first, attempt(2)];
    const row = taskRow({ status: "retrying", attempts: 1, version: 1_000_013, attemptLog: first });
    await db.tasks.upsertMany([row]);
    expect(await db.tasks.get(row.id)).toEqual(row);

    // A newer row without a log (null) keeps the stored one; with one, replaces it.
    const active = { ...row, status: "active", attempts: 2, version: 1_000_021, attemptLog: null };
    await db.tasks.upsertMany([active]);
    expect(await db.tasks.get(row.id)).toEqual({ ...active, attemptLog: first });
    const dead = { ...row, status: "dead", attempts: 2, version: 1_000_022, attemptLog: two, finishedAt: new Date() };
    await db.tasks.upsertMany([dead]);
    expect(await db.tasks.get(row.id)).toEqual(dead);

    // An older row never replaces it, log or not.
    await db.tasks.upsertMany([{ ...row, attemptLog: [attempt(9)] }]);
    expect(await db.tasks.get(row.id)).toEqual(dead);

    // Within one batch the newest non-null log wins.
    const other = taskRow();
    await db.tasks.upsertMany([
      { ...other, version: 11, attemptLog: first },
      { ...other, version: 13, attemptLog: two },
      { ...other, version: 21, status: "active", attemptLog: null },
      { ...other, version: 12, attemptLog: [attempt(7)] },
    ]);
    expect(await db.tasks.get(other.id)).toMatchObject({ version: 21, status: "active", attemptLog: two });

    // An empty log is a log: it is stored as such.
    const empty = taskRow({ attemptLog: [] });
    await db.tasks.upsertMany([empty]);
    expect((await db.tasks.get(empty.id))?.attemptLog).toEqual([]);
  });

  it("reads a malformed stored attempt log as far as it is well formed", async () => {
    const row = taskRow();
    await db.tasks.upsertMany([row]);
    const good = attempt(1);
    const log = JSON.stringify([good, { attempt: "x" }, 5, { ...good, workerId: 3 }, { ...attempt(2), extra: true }]);
    const sql = db.kind === "sqlite" ? 'UPDATE tasks SET "attemptLog" = ? WHERE id = ?' : 'UPDATE tasks SET "attemptLog" = $1::jsonb WHERE id = $2';
    await rawQuery(url, sql, [log, row.id]);
    expect((await db.tasks.get(row.id))?.attemptLog).toEqual([good, attempt(2)]);
    await rawQuery(url, sql, [JSON.stringify({ not: "an array" }), row.id]);
    expect((await db.tasks.get(row.id))?.attemptLog).toBeNull();
  });

  it("holds versions up to run × 1,000,000 (about 2e9) and orders them numerically", async () => {
    const row = taskRow({ status: "active", version: 2_000_000_021 });
    await db.tasks.upsertMany([row]);
    await db.tasks.upsertMany([{ ...row, status: "queued", version: 999_999_999 }]);
    expect(await db.tasks.get(row.id)).toEqual(row);
    const done = { ...row, status: "completed", version: 2_000_000_022 };
    await db.tasks.upsertMany([done]);
    expect(await db.tasks.get(row.id)).toEqual(done);
    expect((await db.tasks.getMany([row.id]))[0]?.version).toBe(2_000_000_022);
  });

  it("rejects rows with invalid values instead of writing garbage", async () => {
    await expect(db.tasks.upsertMany([taskRow({ createdAt: new Date("nope") })])).rejects.toThrow(/createdAt/);
    await expect(db.tasks.upsertMany([taskRow({ attempts: 1.5 })])).rejects.toThrow(/attempts/);
    await db.tasks.upsertMany([]);
  });

  it("keeps who submitted a task whatever later rows carry, and lists a submitter's own", async () => {
    const mine = taskRow({ submittedBy: "user:ada", listedFor: "user:ada" });
    const theirs = taskRow({ submittedBy: "token:t1", listedFor: "token:t1" });
    // Submitted by a role that reads every task: shown with it, not in an own-task list.
    const admins = taskRow({ submittedBy: "user:ada" });
    const nobody = taskRow();
    await db.tasks.upsertMany([mine, theirs, admins, nobody]);
    expect(await db.tasks.get(mine.id)).toEqual(mine);
    expect(await db.tasks.get(admins.id)).toEqual(admins);
    expect((await db.tasks.get(nobody.id))?.submittedBy).toBeUndefined();
    // A newer row without them (or naming another) does not change them: they are set once.
    await db.tasks.upsertMany([
      { ...mine, status: "completed", version: 22, submittedBy: null, listedFor: null },
      { ...theirs, version: 22, submittedBy: "user:ada", listedFor: "user:ada" },
    ]);
    expect(await db.tasks.get(mine.id)).toMatchObject({ status: "completed", submittedBy: "user:ada", listedFor: "user:ada" });
    expect(await db.tasks.get(theirs.id)).toMatchObject({ submittedBy: "token:t1", listedFor: "token:t1" });
    expect((await db.tasks.list({ listedFor: "user:ada", limit: 10 })).items.map((r) => r.id)).toEqual([mine.id]);
    expect((await db.tasks.list({ listedFor: "token:t1", status: "queued", limit: 10 })).items.map((r) => r.id)).toEqual([theirs.id]);
    expect((await db.tasks.list({ listedFor: "user:nobody", limit: 10 })).items).toEqual([]);
  });

  describe("list", () => {
    let all: TaskRow[];
    beforeEach(async () => {
      const pools = ["rag", "scrape", "embed"];
      const statuses = ["queued", "active", "completed", "dead", "cancelled"];
      const errors = [null, "Timeout after 30s", "upstream said: ÉCHEC total", "50% done_then crashed"];
      all = Array.from({ length: 250 }, (_, i) =>
        taskRow({
          pool: pools[i % 3],
          type: `${pools[i % 3]}.job`,
          status: statuses[i % 5],
          error: errors[i % 4] ?? null,
          finishedAt: i % 5 !== 1 ? new Date(FINISHED_BASE + i * 1_000) : null,
        }),
      );
      // Written in shuffled batches: order must come from the ids, not from insertion.
      const shuffled = [...all].sort(() => Math.random() - 0.5);
      for (let i = 0; i < shuffled.length; i += 40) await db.tasks.upsertMany(shuffled.slice(i, i + 40));
    });

    async function pageThrough(query: Omit<TaskListQuery, "limit" | "cursor">, limit: number) {
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
      for (const query of [{ status: "dead" }, { pool: "scrape" }, { type: "embed.job" }, { pool: "rag", status: "queued" }]) {
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
      expect(await db.tasks.countByStatus()).toEqual({ queued: 50, active: 50, completed: 50, dead: 50, cancelled: 50 });
    });

    it("filters by a case-insensitive substring of the error, taking % and _ literally", async () => {
      const newestFirst = [...all].reverse();
      const cases: [string, (e: string) => boolean][] = [
        ["TIMEOUT", (e) => e.startsWith("Timeout")],
        ["after 30", (e) => e.startsWith("Timeout")],
        ["50% done_", (e) => e.startsWith("50%")],
        ["%", (e) => e.includes("%")],
        ["_", (e) => e.includes("_")],
        ["ÉCHEC", (e) => e.includes("ÉCHEC")],
      ];
      for (const [text, matches] of cases) {
        const expected = newestFirst.filter((r) => r.error !== null && matches(r.error));
        expect(expected.length, text).toBeGreaterThan(0);
        expect((await pageThrough({ errorContains: text }, 9)).map((r) => r.id), text).toEqual(expected.map((r) => r.id));
      }
      expect(await db.tasks.list({ errorContains: "no such error", limit: 5 })).toEqual({ items: [], nextCursor: null });
    });

    it("filters by finishedSince (inclusive) and by ids, alone and with the other filters", async () => {
      const newestFirst = [...all].reverse();
      const since = new Date(FINISHED_BASE + 100 * 1_000);
      const finished = newestFirst.filter((r) => r.finishedAt !== null && r.finishedAt >= since);
      expect(finished.at(-1)?.finishedAt).toEqual(since);
      expect((await pageThrough({ finishedSince: since }, 11)).map((r) => r.id)).toEqual(finished.map((r) => r.id));

      const picked = all.filter((_, i) => i % 7 === 0);
      const ids = [...picked].sort(() => Math.random() - 0.5).map((r) => r.id);
      const pickedNewestFirst = [...picked].reverse();
      expect(await pageThrough({ ids: [...ids, "no-such-task"] }, 6)).toEqual(pickedNewestFirst);

      const query = { ids, finishedSince: since, errorContains: "timeout", pool: "rag" };
      const expected = pickedNewestFirst.filter(
        (r) => r.finishedAt !== null && r.finishedAt >= since && r.error?.startsWith("Timeout") && r.pool === "rag",
      );
      expect(expected.length).toBeGreaterThan(0);
      expect((await pageThrough(query, 2)).map((r) => r.id)).toEqual(expected.map((r) => r.id));
      expect(await db.tasks.list({ ids: [], limit: 5 })).toEqual({ items: [], nextCursor: null });
    });

    it("rejects more than MAX_TASK_IDS ids and an invalid finishedSince", async () => {
      const ids = Array.from({ length: MAX_TASK_IDS + 1 }, () => orderedId());
      await expect(db.tasks.list({ ids, limit: 5 })).rejects.toThrow(RangeError);
      await expect(db.tasks.getMany(ids)).rejects.toThrow(RangeError);
      await expect(db.tasks.list({ finishedSince: new Date("nope"), limit: 5 })).rejects.toThrow(RangeError);
      expect((await db.tasks.list({ ids: ids.slice(0, MAX_TASK_IDS), limit: 5 })).items).toEqual([]);
      const known = [...ids.slice(0, MAX_TASK_IDS - 2), all[5]?.id ?? "", all[9]?.id ?? ""];
      expect(await db.tasks.getMany(known)).toEqual([all[5], all[9]]);
    });

    it("reads the status and finishedAt of many rows at once", async () => {
      const wanted = [all[0], all[1], all[2]].map((r) => r?.id ?? "");
      const states = await db.tasks.getFinishStates([...wanted, "no-such-task"]);
      expect([...states].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
        [all[0], all[1], all[2]].map((r) => ({ id: r?.id, status: r?.status, finishedAt: r?.finishedAt })).sort((a, b) => ((a.id ?? "") < (b.id ?? "") ? -1 : 1)),
      );
      expect(states.find((s) => s.id === all[1]?.id)?.finishedAt).toBeNull();
      expect(await db.tasks.getFinishStates([])).toEqual([]);
      await expect(db.tasks.getFinishStates(Array.from({ length: MAX_TASK_IDS + 1 }, () => orderedId()))).rejects.toThrow(RangeError);
    });

    it("gets many by id, in the order asked, leaving unknown ids out", async () => {
      const wanted = [all[200], all[3], all[77]].map((r) => r?.id ?? "");
      expect(await db.tasks.getMany([wanted[0] ?? "", "no-such-task", wanted[1] ?? "", wanted[2] ?? ""])).toEqual(
        [all[200], all[3], all[77]],
      );
      expect(await db.tasks.getMany([])).toEqual([]);
      const every = all.map((r) => r.id);
      expect(await db.tasks.getMany(every)).toEqual(all);
    });
  });

  it("deletes only finished tasks that finished before the cutoff", async () => {
    const cutoff = new Date("2025-06-01T12:00:00.000Z");
    const before = new Date(cutoff.getTime() - 1);
    const after = new Date(cutoff.getTime() + 1);
    const rows = [
      taskRow({ status: "completed", finishedAt: before }),
      taskRow({ status: "failed", finishedAt: before }),
      taskRow({ status: "dead", finishedAt: before }),
      taskRow({ status: "cancelled", finishedAt: new Date("2020-01-01T00:00:00.000Z") }),
      taskRow({ status: "completed", finishedAt: cutoff }),
      taskRow({ status: "retrying", finishedAt: before }),
      taskRow({ status: "completed", finishedAt: after }),
      taskRow({ status: "active", finishedAt: before }),
      taskRow({ status: "queued" }),
      taskRow({ status: "completed", finishedAt: null }),
    ];
    await db.tasks.upsertMany(rows);
    expect(await db.tasks.deleteFinishedBefore(cutoff, true)).toBe(4);
    expect(await db.tasks.countByStatus()).toEqual({ completed: 4, failed: 1, dead: 1, cancelled: 1, retrying: 1, active: 1, queued: 1 });
    expect(await db.tasks.deleteFinishedBefore(cutoff, false)).toBe(4);
    const left = (await db.tasks.list({ limit: 100 })).items.map((r) => r.id).sort();
    expect(left).toEqual(rows.slice(4).map((r) => r.id).sort());
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
