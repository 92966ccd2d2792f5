import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, SERVER_START_TIMEOUT_MS, type TestDatabaseServer } from "../test-support/dialects.js";
import { taskRow } from "../test-support/task-rows.js";
import { createDatabase, type Database, type TaskRow } from "./index.js";

// Minute boundaries, so each row's minute is known: M0 = 10:00, M1 = 10:01 (UTC).
const M0 = Date.parse("2026-03-01T10:00:00.000Z");
const M1 = M0 + 60_000;

/** A task finished at `finishedAt` after running `runMs` (no start time when null). */
function finished(pool: string, status: string, finishedAt: number, runMs: number | null): TaskRow {
  return taskRow({
    pool,
    status,
    createdAt: new Date(finishedAt - 60_000),
    startedAt: runMs === null ? null : new Date(finishedAt - runMs),
    finishedAt: new Date(finishedAt),
    updatedAt: new Date(finishedAt),
  });
}

describe.each(DIALECTS)("task stats per pool and minute ($kind)", ({ start }) => {
  let server: TestDatabaseServer;
  let db: Database;
  beforeAll(async () => {
    server = await start();
    db = await createDatabase(await server.createDatabase());
    await db.migrate();
    await db.tasks.upsertMany([
      // rag, 10:00: four completed (100-400 ms, in shuffled order), one without a start time, one dead, one cancelled.
      finished("rag", "completed", M0 + 1_000, 300),
      finished("rag", "completed", M0 + 2_500, 100),
      finished("rag", "completed", M0 + 59_999, 400),
      finished("rag", "completed", M0 + 30_000, 200),
      finished("rag", "completed", M0 + 31_000, null),
      finished("rag", "dead", M0 + 40_000, 5),
      finished("rag", "cancelled", M0 + 41_000, 5),
      // rag, 10:01: one completed.
      finished("rag", "completed", M1, 50),
      // scrape, 10:00: one failed row of the older kind, nothing completed.
      finished("scrape", "failed", M0 + 10_000, 70),
      // Outside the window, and not finished.
      finished("rag", "completed", M0 - 1, 999),
      finished("rag", "completed", M1 + 60_000, 999),
      taskRow({ pool: "rag", status: "active", startedAt: new Date(M0), createdAt: new Date(M0) }),
    ]);
  }, SERVER_START_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  it("counts completed and failed per minute, with nearest-rank p50 and p95 of the completed run times", async () => {
    const buckets = await db.taskStats.perMinute({ since: new Date(M0), until: new Date(M1 + 60_000) });
    expect(buckets).toEqual([
      { pool: "rag", minute: new Date(M0), completed: 5, failed: 1, p50Ms: 200, p95Ms: 400 },
      { pool: "rag", minute: new Date(M1), completed: 1, failed: 0, p50Ms: 50, p95Ms: 50 },
      { pool: "scrape", minute: new Date(M0), completed: 0, failed: 1, p50Ms: null, p95Ms: null },
    ]);
  });

  it("filters by pool and by the window's bounds (since inclusive, until exclusive)", async () => {
    expect(await db.taskStats.perMinute({ since: new Date(M0), until: new Date(M1), pool: "scrape" })).toEqual([
      { pool: "scrape", minute: new Date(M0), completed: 0, failed: 1, p50Ms: null, p95Ms: null },
    ]);
    const rag = await db.taskStats.perMinute({ since: new Date(M0 - 1), until: new Date(M1), pool: "rag" });
    expect(rag.map((b) => [b.minute.toISOString(), b.completed])).toEqual([
      ["2026-03-01T09:59:00.000Z", 1],
      ["2026-03-01T10:00:00.000Z", 5],
    ]);
    expect(await db.taskStats.perMinute({ since: new Date(M0), until: new Date(M1), pool: "embed" })).toEqual([]);
  });
});
