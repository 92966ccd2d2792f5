import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import type { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSqlite, type TestSqlite } from "../test-support/sqlite.js";
import { taskRow } from "../test-support/task-rows.js";
import { parseDatabaseUrl } from "./database-url.js";
import { createDatabase, type Database } from "./index.js";
import { sqliteDialect } from "./sql-dialect.js";
import { SqliteWriteError, SqliteWriteThread } from "./sqlite-write-thread.js";
import { encodeTaskRows, UPSERT_WIDTH, upsertTaskValuesSql } from "./upsert-tasks-sql.js";

function threadFor(url: string): SqliteWriteThread<"tasks"> {
  const target = parseDatabaseUrl(url);
  if (target.kind !== "sqlite") throw new Error("not a SQLite URL");
  return new SqliteWriteThread({
    path: target.path,
    statements: { tasks: { sql: upsertTaskValuesSql(sqliteDialect), width: UPSERT_WIDTH } },
    busyTimeoutMs: 10_000,
  });
}

/** The thread's Worker, to kill it in a test as a crash would. */
function workerOf(thread: SqliteWriteThread<"tasks">): Worker | null {
  return (thread as unknown as { worker: Worker | null }).worker;
}

describe("SqliteWriteThread", () => {
  let sqlite: TestSqlite;
  beforeAll(async () => {
    sqlite = await startTestSqlite();
  });
  afterAll(() => sqlite?.stop());

  async function migrated(): Promise<{ url: string; db: Database }> {
    const url = await sqlite.createDatabase();
    const db = await createDatabase(url);
    await db.migrate();
    return { url, db };
  }

  it("keeps the event loop running while another process holds the write lock (history and audit writes)", { timeout: 60_000 }, async () => {
    const { url, db } = await migrated();
    try {
      // Holds the write lock until told to let go on stdin, which only a running event loop here can
      // send; after 30 s it gives up (reported as "timeout", failing the test rather than hanging it).
      const holder = spawn(process.execPath, [
        "-e",
        `const D = require(${JSON.stringify(createRequire(import.meta.url).resolve("better-sqlite3"))});
         const db = new D(${JSON.stringify(url.slice("file:".length))});
         db.exec("BEGIN IMMEDIATE");
         process.stdout.write("locked\\n");
         const release = (why) => { db.exec("COMMIT"); db.close(); process.stdout.write("released:" + why + "\\n"); process.exit(0); };
         process.stdin.on("data", () => release("asked"));
         setTimeout(() => release("timeout"), 30000);`,
      ]);
      let out = "";
      holder.stdout.on("data", (d: Buffer) => (out += d.toString()));
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on("data", () => out.includes("locked") && resolve());
        holder.on("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
      });
      const order: string[] = [];
      const rows = Array.from({ length: 500 }, () => taskRow());
      const write = db.tasks.upsertMany(rows).then(() => order.push("written"));
      const audited = db.audit
        .append({
          time: new Date().toISOString(),
          actor: { type: "system", id: null, name: "test" },
          action: "test-write-lock",
          target: null,
          inputDigest: "0".repeat(64),
          input: null,
          outcome: "allowed",
          reason: null,
          clientAddress: null,
          userAgent: null,
          requestId: null,
        })
        .then((entry) => {
          order.push("audited");
          return entry;
        });
      // Twenty turns of this event loop while the writes wait for the lock, then the message
      // that releases it: a loop stalled by a waiting write could do neither.
      for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10));
      order.push("released");
      holder.stdin.write("go\n");
      const [, entry] = await Promise.all([write, audited]);
      await new Promise((r) => (holder.exitCode === null ? holder.on("exit", r) : r(null)));
      expect(order[0]).toBe("released");
      expect(order.slice(1).sort()).toEqual(["audited", "written"]);
      expect(out).toContain("released:asked");
      expect(await db.tasks.getMany(rows.map((r) => r.id))).toEqual(rows);
      expect(await db.audit.get(entry.id)).toEqual(entry);
    } finally {
      await db.close();
    }
  });

  it("fails a write sent before migrate() and succeeds once the table exists", async () => {
    const url = await sqlite.createDatabase();
    const thread = threadFor(url);
    try {
      const row = taskRow();
      const error = await thread.write("tasks", encodeTaskRows(sqliteDialect, [row])).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(SqliteWriteError);
      expect(String((error as Error).message)).toMatch(/no such table/);
      const db = await createDatabase(url);
      try {
        await db.migrate();
        await thread.write("tasks", encodeTaskRows(sqliteDialect, [row]));
        expect(await db.tasks.get(row.id)).toEqual(row);
      } finally {
        await db.close();
      }
    } finally {
      await thread.close();
    }
  });

  it("writes batches in the order they were sent", async () => {
    const { url, db } = await migrated();
    const thread = threadFor(url);
    try {
      const row = taskRow({ version: 5 });
      // Equal versions: the batch applied last wins, so the order is visible.
      await Promise.all(
        ["first", "second", "third"].map((error) => thread.write("tasks", encodeTaskRows(sqliteDialect, [{ ...row, error }]))),
      );
      expect((await db.tasks.get(row.id))?.error).toBe("third");
    } finally {
      await thread.close();
      await db.close();
    }
  });

  it("rejects what a dead thread had not answered and starts a new one for the next write", async () => {
    const { url, db } = await migrated();
    const thread = threadFor(url);
    try {
      await thread.write("tasks", encodeTaskRows(sqliteDialect, [taskRow()]));
      const first = workerOf(thread);
      expect(first).not.toBeNull();
      const lost = thread.write("tasks", encodeTaskRows(sqliteDialect, Array.from({ length: 2_000 }, () => taskRow())));
      await first?.terminate();
      await expect(lost).rejects.toThrow(/exited/);
      const row = taskRow();
      await thread.write("tasks", encodeTaskRows(sqliteDialect, [row]));
      expect(workerOf(thread)).not.toBe(first);
      expect(await db.tasks.get(row.id)).toEqual(row);
    } finally {
      await thread.close();
      await db.close();
    }
  });

  it("close() waits for the writes in flight, stops the thread and refuses new writes", async () => {
    const { url, db } = await migrated();
    const thread = threadFor(url);
    try {
      const rows = Array.from({ length: 3_000 }, () => taskRow());
      const writes = [thread.write("tasks", encodeTaskRows(sqliteDialect, rows.slice(0, 1_500))), thread.write("tasks", encodeTaskRows(sqliteDialect, rows.slice(1_500)))];
      const worker = workerOf(thread);
      const exited = new Promise<number>((resolve) => worker?.once("exit", resolve));
      await thread.close();
      await Promise.all(writes);
      await exited;
      expect(await db.tasks.countByStatus()).toEqual({ queued: 3_000 });
      await expect(thread.write("tasks", encodeTaskRows(sqliteDialect, [taskRow()]))).rejects.toThrow(/closed/);
    } finally {
      await db.close();
    }
  });
});
