import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSqlite, type TestSqlite } from "../test-support/sqlite.js";
import { taskRow } from "../test-support/task-rows.js";
import { createDatabase } from "./index.js";

describe("createDatabase", () => {
  let sqlite: TestSqlite;
  beforeAll(async () => {
    sqlite = await startTestSqlite();
  });
  afterAll(() => sqlite?.stop());

  it("rejects other URLs with a clear error that does not echo credentials", async () => {
    await expect(createDatabase("mysql://root:hunter2@db/x")).rejects.toThrow(/Unsupported DATABASE_URL scheme "mysql:"/);
    await expect(createDatabase("mysql://root:hunter2@db/x")).rejects.not.toThrow(/hunter2/);
    await expect(createDatabase("")).rejects.toThrow(/file:<path> for SQLite or postgres:\/\//);
    await expect(createDatabase("file:")).rejects.toThrow(/path is empty/);
  });

  it("opens SQLite at a path relative to the working directory, creating its folder", async () => {
    const file = join(sqlite.dir, "nested", "deeper", "app.db");
    const db = await createDatabase(`file:${relative(process.cwd(), file)}`);
    try {
      expect(db.kind).toBe("sqlite");
      await db.migrate();
      await db.ping();
      expect(existsSync(file)).toBe(true);
    } finally {
      await db.close();
    }
    const raw = new BetterSqlite3(file, { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      raw.close();
    }
  });

  it("waits for another process's write lock instead of failing (busy timeout)", { timeout: 60_000 }, async () => {
    const url = await sqlite.createDatabase();
    const db = await createDatabase(url);
    try {
      await db.migrate();
      const path = url.slice("file:".length);
      // A separate process takes the write lock and holds it for a while.
      const holder = spawn(process.execPath, [
        "-e",
        `const D = require(${JSON.stringify(createRequire(import.meta.url).resolve("better-sqlite3"))});
         const db = new D(${JSON.stringify(path)});
         db.exec("BEGIN IMMEDIATE");
         process.stdout.write("locked\\n");
         setTimeout(() => { db.exec("COMMIT"); db.close(); }, 700);`,
      ]);
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve());
        holder.on("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
      });
      const row = taskRow();
      await db.tasks.upsertMany([row]);
      expect(await db.tasks.get(row.id)).toEqual(row);
      await new Promise((r) => holder.exitCode === null ? holder.on("exit", r) : r(null));
    } finally {
      await db.close();
    }
  });

  it("reports PostgreSQL being down from ping()", async () => {
    const db = await createDatabase("postgres://nobody@127.0.0.1:1/none");
    try {
      expect(db.kind).toBe("postgres");
      await expect(db.ping()).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});
