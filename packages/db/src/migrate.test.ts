import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, SERVER_START_TIMEOUT_MS, type TestDatabaseServer } from "../test-support/dialects.js";
import { rawQuery } from "../test-support/raw-query.js";
import { taskRow } from "../test-support/task-rows.js";
import { createDatabase, migrate } from "./index.js";
import { parseDatabaseUrl } from "./database-url.js";
import { loadMigrations, migrationsDir } from "./load-migrations.js";
import { migratePostgres } from "./migrate-postgres.js";
import { migrateSqlite } from "./migrate-sqlite.js";

const run = promisify(execFile);

describe.each(DIALECTS)("migrate ($kind)", ({ kind, start }) => {
  let server: TestDatabaseServer;
  beforeAll(async () => {
    server = await start();
  }, SERVER_START_TIMEOUT_MS);
  afterAll(() => server?.stop());

  const names = loadMigrations(migrationsDir(kind)).map((m) => m.name);

  it("applies every migration once, then nothing", async () => {
    const db = await createDatabase(await server.createDatabase());
    try {
      expect(names.length).toBeGreaterThan(0);
      expect(await db.migrate()).toEqual({ applied: names });
      expect(await db.migrate()).toEqual({ applied: [] });
      await db.ping();
      expect(await db.tasks.countByStatus()).toEqual({});
    } finally {
      await db.close();
    }
  });

  it("upgrades a database made by the first migration, keeping its rows (old 'failed' status included)", async () => {
    const url = await server.createDatabase();
    const target = parseDatabaseUrl(url);
    const all = loadMigrations(migrationsDir(kind));
    const first = all.slice(0, 1);
    const firstResult = target.kind === "sqlite" ? migrateSqlite(target.path, first) : await migratePostgres(target, first);
    expect(firstResult).toEqual({ applied: names.slice(0, 1) });
    const old = taskRow({ status: "failed", error: "boom", finishedAt: new Date("2025-01-02T00:00:00.000Z"), version: 12 });
    const db = await createDatabase(url);
    try {
      const ts = (d: Date) => (kind === "sqlite" ? d.toISOString().replace("Z", "+00:00") : d.toISOString());
      const p = (n: number) => (kind === "sqlite" ? "?" : `$${n}`);
      await rawQuery(
        url,
        `INSERT INTO tasks (id, type, pool, priority, status, payload, error, attempts, version, "createdAt", "finishedAt", "updatedAt") ` +
          `VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(p).join(", ")})`,
        [old.id, old.type, old.pool, old.priority, old.status, JSON.stringify(old.payload), old.error, 0, 12,
          ts(old.createdAt), ts(old.finishedAt ?? new Date()), ts(old.updatedAt)],
      );
      expect(await db.migrate()).toEqual({ applied: names.slice(1) });
      expect(await db.tasks.get(old.id)).toEqual(old);
      expect(await db.tasks.deleteFinishedBefore(new Date("2025-06-01T00:00:00.000Z"), true)).toBe(1);
    } finally {
      await db.close();
    }
  });

  it("records migrations in _prisma_migrations the way prisma migrate does", async () => {
    const url = await server.createDatabase();
    await migrate(url);
    const rows = await rawQuery(
      url,
      "SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count " +
        "FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const file = join(migrationsDir(kind), String(row.migration_name), "migration.sql");
      expect(row.checksum).toBe(createHash("sha256").update(readFileSync(file)).digest("hex"));
      expect(String(row.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.started_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
      // Both dialects store times that parse to the moment they ran.
      const finished = new Date(row.finished_at instanceof Date ? row.finished_at : String(row.finished_at));
      expect(Math.abs(finished.getTime() - Date.now())).toBeLessThan(60_000);
    }
  });

  it("lets two Database objects migrate the same database at once", async () => {
    const url = await server.createDatabase();
    const [a, b] = await Promise.all([createDatabase(url), createDatabase(url)]);
    try {
      const results = await Promise.all([a.migrate(), b.migrate()]);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
      const rows = await rawQuery(url, "SELECT migration_name FROM _prisma_migrations");
      expect(rows).toHaveLength(names.length);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("lets several processes migrate the same database at once", { timeout: 120_000 }, async () => {
    const url = await server.createDatabase();
    const entry = fileURLToPath(new URL("./migrate.ts", import.meta.url));
    const script = `const { migrate } = await import(${JSON.stringify(entry)}); ` +
      `process.stdout.write(JSON.stringify(await migrate(${JSON.stringify(url)})));`;
    const outputs = await Promise.all(
      [1, 2, 3].map(() => run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script])),
    );
    const applied = outputs.flatMap((o) => (JSON.parse(o.stdout) as { applied: string[] }).applied);
    expect(applied.sort()).toEqual(names);
    expect(await rawQuery(url, "SELECT migration_name FROM _prisma_migrations")).toHaveLength(names.length);
  });

  it.runIf(kind === "postgres")("honours Prisma's ?schema= URL option", async () => {
    const base = await server.createDatabase();
    const url = `${base}${base.includes("?") ? "&" : "?"}schema=sy_custom`;
    const db = await createDatabase(url);
    try {
      expect(await db.migrate()).toEqual({ applied: names });
      expect(await db.migrate()).toEqual({ applied: [] });
      const tables = await rawQuery(
        base,
        "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables " +
          "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
      );
      expect(tables.map((r) => r.t)).toEqual([
        "sy_custom._prisma_migrations",
        "sy_custom.api_tokens",
        "sy_custom.audit_checkpoints",
        "sy_custom.audit_entries",
        "sy_custom.passkeys",
        "sy_custom.sessions",
        "sy_custom.settings",
        "sy_custom.tasks",
        "sy_custom.users",
      ]);
      const row = taskRow();
      await db.tasks.upsertMany([row]);
      expect(await db.tasks.get(row.id)).toEqual(row);
      expect((await db.tasks.list({ limit: 5 })).items).toEqual([row]);
      const { token } = await db.tokens.create({ name: "s", role: "viewer" });
      expect((await db.tokens.verify(token))?.name).toBe("s");
    } finally {
      await db.close();
    }
  });

  it("refuses to go on past a migration recorded as failed", async () => {
    const url = await server.createDatabase();
    await migrate(url);
    const first = names[0] ?? "";
    await rawQuery(url, "DELETE FROM _prisma_migrations");
    const failedRow =
      kind === "sqlite"
        ? "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ('x', 'c', ?, '2025-01-01')"
        : "INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('x', 'c', $1)";
    await rawQuery(url, failedRow, [first]);
    await expect(migrate(url)).rejects.toThrow(/recorded as failed/);
  });
});
