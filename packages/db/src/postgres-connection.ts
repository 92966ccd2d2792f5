import type { DatabaseTarget } from "./database-url.js";

/** Give up on a connection attempt (or a wait for a free pooled one) after this long. */
const CONNECT_TIMEOUT_MS = 10_000;

/** A subset of pg's PoolConfig (also a ClientConfig); plain, so it fits every copy of pg's types. */
export interface PostgresConnectionConfig {
  connectionString: string;
  connectionTimeoutMillis: number;
  options?: string;
}

/**
 * Connection settings for the pg driver. A schema from the URL becomes the connection's
 * search_path, so raw SQL (unqualified table names) and Prisma's queries meet in it.
 */
export function postgresPoolConfig(target: Extract<DatabaseTarget, { kind: "postgres" }>): PostgresConnectionConfig {
  return {
    connectionString: target.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  };
}
