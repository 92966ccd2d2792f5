import type { DatabaseKind } from "../src/database.js";
import { startTestPostgres } from "./postgres.js";
import { startTestSqlite } from "./sqlite.js";

export interface TestDatabaseServer {
  url: string;
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** Every database the package supports, for describe.each: tests run against each real one. */
export const DIALECTS: readonly { kind: DatabaseKind; start(): Promise<TestDatabaseServer> }[] = [
  { kind: "sqlite", start: startTestSqlite },
  { kind: "postgres", start: startTestPostgres },
];

/** Time for a hook that may start a PostgreSQL server. */
export const SERVER_START_TIMEOUT_MS = 120_000;
