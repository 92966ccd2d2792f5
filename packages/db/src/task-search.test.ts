import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DIALECTS, SERVER_START_TIMEOUT_MS, type TestDatabaseServer } from "../test-support/dialects.js";
import { rawQuery } from "../test-support/raw-query.js";
import { taskRow } from "../test-support/task-rows.js";
import { createDatabase, type Database, type TaskListQuery, type TaskRow } from "./index.js";
import { parseDatabaseUrl } from "./database-url.js";
import { loadMigrations, migrationsDir } from "./load-migrations.js";
import { migratePostgres } from "./migrate-postgres.js";
import { migrateSqlite } from "./migrate-sqlite.js";
import { POSTGRES_SEARCH_VECTOR, searchTerms } from "./task-search-sql.js";

const BASE = Date.parse("2026-03-01T00:00:00.000Z");
const at = (minutes: number) => new Date(BASE + minutes * 60_000);

describe("searchTerms", () => {
  it("splits on everything but letters and digits, folds case, honours word* and drops what is implied", () => {
    expect(searchTerms("Timeout: https://Example.test/a_b?x=1")).toEqual(
      ["timeout", "https", "example", "test", "a", "b", "x", "1"].map((word) => ({ word, prefix: false })),
    );
    expect(searchTerms("time* timeout tim*")).toEqual([{ word: "timeout", prefix: false }]);
    expect(searchTerms("héllo wörld*")).toEqual([{ word: "héllo", prefix: false }, { word: "wörld", prefix: true }]);
    expect(searchTerms("!!! ***")).toEqual([]);
  });

  it("matches the PostgreSQL migration's indexed expression word for word", () => {
    const sql = readFileSync(join(migrationsDir("postgres"), "20261205000000_task_search", "migration.sql"), "utf8");
    expect(sql).toContain(`(${POSTGRES_SEARCH_VECTOR})`);
  });
});

describe.each(DIALECTS)("task history search ($kind)", ({ kind, start }) => {
  let server: TestDatabaseServer;
  let db: Database;
  let url: string;
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

  async function pageThrough(query: Omit<TaskListQuery, "limit" | "cursor">, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await db.tasks.list({ ...query, limit, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((r) => r.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
  }
  const newestFirst = (rows: TaskRow[]) => rows.map((r) => r.id).reverse();

  it("can be switched off (SQLite: nothing noted, text search is a 400 naming q) and on again (rows written meanwhile are found)", async () => {
    await db.tasks.setSearchIndexing(false);
    expect(await db.tasks.searchIndexing()).toBe(kind !== "sqlite");
    const row = taskRow({ payload: { note: "written while off" }, createdAt: at(1) });
    await db.tasks.upsertMany([row]);
    if (kind === "sqlite") {
      await expect(db.tasks.list({ text: "written", limit: 10 })).rejects.toMatchObject({ issues: [{ path: "q" }] });
    }
    await db.tasks.setSearchIndexing(true);
    expect(await db.tasks.searchIndexing()).toBe(true);
    expect((await db.tasks.list({ text: "written while off", limit: 10 })).items.map((r) => r.id)).toEqual([row.id]);
  });

  it("keeps taking history upserts of rows not yet indexed, and finds each row's latest text", async () => {
    const row = taskRow({ payload: { note: "first draft" }, createdAt: at(1) });
    await db.tasks.upsertMany([row]);
    // Updated twice before any search indexed it: neither upsert may be refused.
    await db.tasks.upsertMany([{ ...row, status: "active", version: row.version + 1 }]);
    await db.tasks.upsertMany([{ ...row, status: "completed", version: row.version + 2, result: { summary: "final copy" } }]);
    expect((await db.tasks.get(row.id))?.status).toBe("completed");
    const search = async (text: string) => (await db.tasks.list({ text, limit: 10 })).items.map((r) => r.id);
    expect(await search("final copy")).toEqual([row.id]);
    expect(await search("draft")).toEqual([row.id]);
    await db.tasks.upsertMany([{ ...row, status: "completed", version: row.version + 3, result: { summary: "revised" } }]);
    expect(await search("final")).toEqual([]);
    expect(await search("revised")).toEqual([row.id]);
  });

  it("finds tasks by words of their payload, result, error, id and type, whole words unless word*", async () => {
    const scrape = taskRow({
      type: "scrape.page",
      pool: "scrape",
      payload: { url: "https://Docs.Example.test/guide/intro", note: "line1\nline2 \"quoted\"", tags: ["alpha", 42, true] },
      createdAt: at(1),
    });
    const dead = taskRow({ status: "dead", error: "connect ETIMEDOUT 10.0.0.7:443", payload: { q: "weather" }, createdAt: at(2) });
    const done = taskRow({ status: "completed", result: { answer: "Forty-two is the answer" }, createdAt: at(3) });
    await db.tasks.upsertMany([scrape, dead, done]);
    const search = async (text: string) => (await db.tasks.list({ text, limit: 10 })).items.map((r) => r.id);
    expect(await search("example")).toEqual([scrape.id]);
    expect(await search("EXAMPLE.test/GUIDE")).toEqual([scrape.id]);
    // Decoded JSON on SQLite, escapes stripped on PostgreSQL: "\n" does not glue to line2.
    expect(await search("line2")).toEqual([scrape.id]);
    expect(await search("quoted alpha 42")).toEqual([scrape.id]);
    expect(await search("etimedout")).toEqual([dead.id]);
    expect(await search("10.0.0.7")).toEqual([dead.id]);
    expect(await search("forty two")).toEqual([done.id]);
    expect(await search("answer weather")).toEqual([]);
    expect(await search("exam")).toEqual([]);
    expect(await search("exam*")).toEqual([scrape.id]);
    expect(await search("scrape")).toEqual([scrape.id]);
    expect(await search(done.id)).toEqual([done.id]);
    expect(await db.tasks.list({ text: "?!", limit: 10 })).toEqual({ items: [], nextCursor: null });
  });

  it("keeps the index current through upserts (new text found, replaced text gone) and deletes", async () => {
    const row = taskRow({ payload: { q: "first" }, createdAt: at(1) });
    await db.tasks.upsertMany([row]);
    const search = async (text: string) => (await db.tasks.list({ text, limit: 10 })).items.map((r) => r.id);
    expect(await search("first")).toEqual([row.id]);
    const failed = { ...row, status: "retrying", version: 21, payload: null, error: "upstream exploded" };
    await db.tasks.upsertMany([failed]);
    // The payload is kept (COALESCE) and still found; the error is now found too.
    expect(await search("first exploded")).toEqual([row.id]);
    const done = { ...failed, status: "completed", version: 32, error: null, result: { summary: "sunny" }, finishedAt: at(5) };
    await db.tasks.upsertMany([done]);
    expect(await search("exploded")).toEqual([]);
    expect(await search("sunny first")).toEqual([row.id]);
    expect(await db.tasks.deleteFinished([row.id])).toEqual([row.id]);
    expect(await search("sunny")).toEqual([]);
  });

  it("filters by time range, priority and text combined with status, paging newest first", async () => {
    const rows = Array.from({ length: 60 }, (_, i) =>
      taskRow({
        status: i % 3 === 0 ? "dead" : "completed",
        priority: i % 2 === 0 ? "high" : "low",
        error: i % 3 === 0 ? (i % 4 === 0 ? "Timeout after 30 s" : "HTTP 503") : null,
        payload: { city: i % 5 === 0 ? "Lisbon" : "Oslo" },
        createdAt: at(i),
      }),
    );
    await db.tasks.upsertMany(rows);
    const from = at(10);
    const to = at(40);
    const inRange = rows.filter((r) => r.createdAt >= from && r.createdAt <= to);
    expect(await pageThrough({ createdFrom: from, createdTo: to }, 7)).toEqual(newestFirst(inRange));
    expect(await pageThrough({ createdFrom: at(55) }, 2)).toEqual(newestFirst(rows.slice(55)));
    expect(await pageThrough({ createdTo: at(4) }, 2)).toEqual(newestFirst(rows.slice(0, 5)));
    expect(await pageThrough({ text: "timeout", status: "dead" }, 3)).toEqual(
      newestFirst(rows.filter((r) => r.error?.startsWith("Timeout"))),
    );
    expect(await pageThrough({ text: "lisbon", status: "completed", priority: "low", createdFrom: from, createdTo: to }, 2)).toEqual(
      newestFirst(inRange.filter((r) => r.status === "completed" && r.priority === "low" && r.payload !== null && (r.payload as { city: string }).city === "Lisbon")),
    );
    expect(await pageThrough({ text: "oslo", type: "no.such" }, 5)).toEqual([]);
  });

  it("pages exactly through many tasks whose matches are dense, sparse and absent among the newest", { timeout: 120_000 }, async () => {
    // 12,000 tasks: "common" in every other one, "rare" only in the oldest 30 and in the newest 3,
    // "old" only in the oldest 40, so a SQLite search goes through its windows and then by index.
    const rows = Array.from({ length: 12_000 }, (_, i) => {
      const words = [i % 2 === 0 ? "common" : "plain", i < 30 || i >= 11_997 ? "rare" : "", i < 40 ? "old" : ""].join(" ");
      return taskRow({ status: i % 4 === 0 ? "dead" : "completed", payload: { words }, createdAt: at(i) });
    });
    await db.tasks.upsertMany(rows);
    const has = (r: TaskRow, w: string) => (r.payload as { words: string }).words.split(" ").includes(w);
    expect(await pageThrough({ text: "common" }, 500)).toEqual(newestFirst(rows.filter((r) => has(r, "common"))));
    expect(await pageThrough({ text: "rare" }, 7)).toEqual(newestFirst(rows.filter((r) => has(r, "rare"))));
    expect(await pageThrough({ text: "old", status: "dead" }, 4)).toEqual(newestFirst(rows.filter((r) => has(r, "old") && r.status === "dead")));
    expect(await pageThrough({ createdTo: at(25), status: "completed" }, 6)).toEqual(
      newestFirst(rows.filter((r) => r.createdAt <= at(25) && r.status === "completed")),
    );
    expect(await pageThrough({ priority: "high" }, 50)).toEqual([]);
  });

  it("indexes the rows already there when the migration runs, and rows written after it", async () => {
    const fresh = await server.createDatabase();
    const target = parseDatabaseUrl(fresh);
    const before = loadMigrations(migrationsDir(kind)).filter((m) => m.name < "20261205000000_task_search");
    if (target.kind === "sqlite") migrateSqlite(target.path, before);
    else await migratePostgres(target, before);
    const old = taskRow({ status: "dead", error: "legacy failure", createdAt: at(1) });
    const ts = (d: Date) => (kind === "sqlite" ? d.toISOString().replace("Z", "+00:00") : d.toISOString());
    const p = (n: number) => (kind === "sqlite" ? "?" : `$${n}`);
    await rawQuery(
      fresh,
      `INSERT INTO tasks (id, type, pool, priority, status, payload, error, "createdAt", "updatedAt") VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(", ")})`,
      [old.id, old.type, old.pool, old.priority, old.status, JSON.stringify({ city: "Porto" }), old.error, ts(old.createdAt), ts(old.updatedAt)],
    );
    const other = await createDatabase(fresh);
    try {
      expect((await other.migrate()).applied).toContain("20261205000000_task_search");
      expect((await other.tasks.list({ text: "legacy porto", limit: 5 })).items.map((r) => r.id)).toEqual([old.id]);
      const later = taskRow({ payload: { city: "Braga" }, createdAt: at(2) });
      await other.tasks.upsertMany([later]);
      expect((await other.tasks.list({ text: "braga", limit: 5 })).items.map((r) => r.id)).toEqual([later.id]);
    } finally {
      await other.close();
    }
  });
});
