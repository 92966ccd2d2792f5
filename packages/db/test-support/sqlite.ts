import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestSqlite {
  /** file: URL of a database file that does not exist yet, in a private temp dir. */
  url: string;
  dir: string;
  /** Another fresh file URL in the same temp dir. */
  createDatabase(): Promise<string>;
  /** Deletes the temp dir and everything in it (-wal and -shm files included). */
  stop(): Promise<void>;
}

export async function startTestSqlite(): Promise<TestSqlite> {
  const dir = mkdtempSync(join(tmpdir(), "sy-sqlite-"));
  let n = 0;
  const createDatabase = async () => `file:${join(dir, `test-${n++}.db`)}`;
  return {
    url: await createDatabase(),
    dir,
    createDatabase,
    async stop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
