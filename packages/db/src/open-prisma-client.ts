import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresPrismaClient } from "../generated/postgres/client.js";
import { PrismaClient as SqlitePrismaClient } from "../generated/sqlite/client.js";
import type { DatabaseTarget } from "./database-url.js";
import { postgresPoolConfig } from "./postgres-connection.js";
import type { DbClient } from "./prisma-client.js";
import { ensurePrivateSqliteFiles, SQLITE_BUSY_TIMEOUT_MS } from "./sqlite-settings.js";

/** A Prisma client on the right driver adapter for the target. */
export async function openPrismaClient(target: DatabaseTarget): Promise<DbClient> {
  if (target.kind === "postgres") {
    const adapter = new PrismaPg(postgresPoolConfig(target), target.schema ? { schema: target.schema } : undefined);
    const client = new PostgresPrismaClient({ adapter });
    // Same models, separately generated types: TypeScript cannot relate their deep
    // generics, so assert (schema-matches-models.test.ts keeps the models identical).
    return client as unknown as DbClient;
  }
  // Owner-only: a directory made here, the database file and its -wal/-shm files.
  mkdirSync(dirname(target.path), { recursive: true, mode: 0o700 });
  ensurePrivateSqliteFiles(target.path);
  const adapter = new PrismaBetterSqlite3({ url: `file:${target.path}`, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const client = new SqlitePrismaClient({ adapter });
  try {
    // WAL lets the web server read while workers write; it is stored in the file.
    // synchronous=NORMAL is per connection: in WAL mode it cannot corrupt the file and
    // spares an fsync per commit (a power cut may lose the last commits, not the file).
    await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  } catch (err) {
    await client.$disconnect();
    throw err;
  }
  return client;
}
