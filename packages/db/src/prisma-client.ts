import type { Prisma, PrismaClient as SqlitePrismaClient } from "../generated/sqlite/client.js";

/**
 * The Prisma client the repos use. The SQLite and PostgreSQL clients are generated from the
 * same models (a test compares them), so their model APIs are the same and code is typed
 * against the SQLite one. Only $transaction differs (isolation levels), so it is narrowed
 * to the batch form used here.
 */
export type DbClient = Pick<
  SqlitePrismaClient,
  "task" | "apiToken" | "user" | "session" | "passkey" | "setting" | "auditEntry" | "auditCheckpoint" | "$executeRawUnsafe" | "$queryRawUnsafe" | "$disconnect"
> & {
  $transaction(
    batch: Prisma.PrismaPromise<number>[],
    options?: { maxWait?: number; timeout?: number },
  ): Promise<number[]>;
  /** Interactive form: fn's queries run in one transaction. */
  $transaction<R>(fn: (tx: DbTransaction) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
};

/** What an interactive transaction's callback gets (the model APIs, no nested transactions). */
export type DbTransaction = Omit<Prisma.TransactionClient, never>;
