import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type DatabaseTarget =
  | { kind: "sqlite"; /** Absolute path of the database file. */ path: string }
  | { kind: "postgres"; url: string; /** From Prisma's `?schema=` URL option; absent means the server default (public). */ schema?: string };

/** Schema names we accept from a URL: plain identifiers, so they need no quoting anywhere. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Picks the database by URL: `file:<path>` is SQLite (a relative path is resolved against
 * `cwd`), `postgres://` or `postgresql://` is PostgreSQL.
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseTarget {
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return parsePostgresUrl(trimmed);
  if (/^file:/i.test(trimmed)) {
    // Prisma-style URLs may carry options after "?" (e.g. connection_limit); none apply here.
    const withoutQuery = trimmed.replace(/\?.*$/, "");
    const path = withoutQuery.startsWith("file://")
      ? fileURLToPath(withoutQuery)
      : withoutQuery.slice("file:".length);
    if (path === "") throw new Error('Invalid DATABASE_URL "file:": the SQLite file path is empty');
    return { kind: "sqlite", path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  // Never echo the whole URL: it may hold a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  throw new Error(
    `Unsupported DATABASE_URL${scheme ? ` scheme "${scheme}:"` : ""}: ` +
      "use file:<path> for SQLite or postgres://user:pass@host:port/db for PostgreSQL",
  );
}

/**
 * Prisma's URLs name the PostgreSQL schema with `?schema=`; the pg driver knows no such
 * option, so it is taken out here and applied by the callers (search_path, Prisma's adapter).
 */
function parsePostgresUrl(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("Invalid PostgreSQL DATABASE_URL: expected postgres://user:pass@host:port/db");
  }
  const schema = parsed.searchParams.get("schema");
  if (schema === null) return { kind: "postgres", url };
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid schema "${schema}" in DATABASE_URL: use letters, digits and _ only`);
  }
  parsed.searchParams.delete("schema");
  return { kind: "postgres", url: parsed.toString(), schema };
}
