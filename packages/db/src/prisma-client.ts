import type { Prisma, PrismaClient as SqlitePrismaClient } from "../generated/sqlite/client.js";

/**
 * The Prisma client the repos use. The SQLite and PostgreSQL clients are generated from the
 * same models (a test compares them), so their model APIs are the same and code is typed
 * against the SQLite one. Only $transaction differs (isolation levels), so it is narrowed
 * to the batch form used here.
 */
export type DbClient = Pick<SqlitePrismaClient, "task" | "apiToken" | "$executeRawUnsafe" | "$queryRawUnsafe" | "$disconnect"> & {
  $transaction(
    batch: Prisma.PrismaPromise<number>[],
    options?: { maxWait?: number; timeout?: number },
  ): Promise<number[]>;
};
