import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "@switchyard/db";
import { ensureAdminToken } from "./bootstrap-admin-token.js";

/**
 * What the web server does on start (open the database, migrate, make sure of the admin token)
 * leaves DATA_DIR owner-only (0700) and the admin token, the SQLite file and its -wal/-shm
 * files owner-only (0600), under a permissive umask, on a fresh DATA_DIR and on an old one
 * with wider modes.
 */
const root = mkdtempSync(join(tmpdir(), "sy-modes-"));
let previousUmask = 0;
const open: Database[] = [];
beforeEach(() => {
  previousUmask = process.umask(0o022);
});
afterEach(async () => {
  process.umask(previousUmask);
  for (const db of open.splice(0)) await db.close();
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

async function startLikeTheWebServer(dataDir: string): Promise<string> {
  const dbFile = join(dataDir, "switchyard.db");
  const db = await createDatabase(`file:${dbFile}`);
  open.push(db);
  await db.migrate();
  await ensureAdminToken(db, dataDir);
  // The web server's first history write: the -wal/-shm files exist from here on.
  await db.tokens.count();
  return dbFile;
}

function expectPrivate(dataDir: string, dbFile: string): void {
  expect(mode(dataDir)).toBe("700");
  expect(mode(join(dataDir, "admin-token"))).toBe("600");
  for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) {
    expect(existsSync(file), file).toBe(true);
    expect(mode(file), file).toBe("600");
  }
}

describe("DATA_DIR file modes", () => {
  it("a fresh DATA_DIR is 0700, the token and database files 0600", async () => {
    const dataDir = join(root, "fresh", "data");
    const dbFile = await startLikeTheWebServer(dataDir);
    expectPrivate(dataDir, dbFile);
  });

  it("an existing DATA_DIR with wider modes is narrowed on start", async () => {
    const dataDir = join(root, "old");
    const dbFile = await startLikeTheWebServer(dataDir);
    for (const db of open.splice(0)) await db.close();
    chmodSync(dataDir, 0o755);
    for (const file of [join(dataDir, "admin-token"), dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) {
      if (existsSync(file)) chmodSync(file, 0o644);
    }
    await startLikeTheWebServer(dataDir);
    expectPrivate(dataDir, dbFile);
  });
});
