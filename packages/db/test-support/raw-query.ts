import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl } from "../src/database-url.js";

export type RawRow = Record<string, unknown>;

/** Runs SQL straight on the driver (not through Prisma), to look at what is really stored. */
export async function rawQuery(url: string, sql: string, params: unknown[] = []): Promise<RawRow[]> {
  const target = parseDatabaseUrl(url);
  if (target.kind === "sqlite") {
    const db = new BetterSqlite3(target.path, { timeout: 10_000 });
    try {
      const stmt = db.prepare(sql);
      if (!stmt.reader) {
        stmt.run(...params);
        return [];
      }
      return stmt.all(...params) as RawRow[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    return (await client.query<RawRow>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
