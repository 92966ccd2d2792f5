import type { AuditRepo } from "./audit-repo.js";
import type { Database, DatabaseKind, MigrateResult } from "./database.js";
import { parseDatabaseUrl, type DatabaseTarget } from "./database-url.js";
import { migrateTarget } from "./migrate.js";
import { openPrismaClient } from "./open-prisma-client.js";
import type { DbClient } from "./prisma-client.js";
import { PrismaAuditRepo } from "./prisma-audit-repo.js";
import { PrismaTaskHistoryRepo } from "./prisma-task-history-repo.js";
import { PrismaTaskStatsRepo } from "./prisma-task-stats-repo.js";
import type { TaskStatsRepo } from "./task-stats-repo.js";
import { PrismaPasskeyRepo } from "./prisma-passkey-repo.js";
import { PrismaSessionRepo } from "./prisma-session-repo.js";
import { PrismaSettingsRepo } from "./prisma-settings-repo.js";
import { PrismaTokenRepo } from "./prisma-token-repo.js";
import { PrismaUserRepo } from "./prisma-user-repo.js";
import type { PasskeyRepo } from "./passkey-repo.js";
import type { SessionRepo } from "./session-repo.js";
import type { SettingsRepo } from "./settings-repo.js";
import type { UserRepo } from "./user-repo.js";
import { postgresDialect, sqliteDialect } from "./sql-dialect.js";
import { SQLITE_BUSY_TIMEOUT_MS } from "./sqlite-settings.js";
import { SQLITE_WRITE_STATEMENTS, type SqliteWriter } from "./sqlite-write-statements.js";
import { SqliteWriteThread } from "./sqlite-write-thread.js";
import type { TaskHistoryRepo } from "./task-history-repo.js";
import type { TokenRepo } from "./token-repo.js";

/**
 * Opens the database named by url: `file:<path>` is SQLite (relative to the working
 * directory; the folder is created), `postgres://` / `postgresql://` is PostgreSQL.
 * Call migrate() before first use.
 */
export async function createDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);
  return new PrismaDatabase(target, await openPrismaClient(target));
}

class PrismaDatabase implements Database {
  readonly kind: DatabaseKind;
  readonly tasks: TaskHistoryRepo;
  readonly taskStats: TaskStatsRepo;
  readonly tokens: TokenRepo;
  readonly users: UserRepo;
  readonly sessions: SessionRepo;
  readonly passkeys: PasskeyRepo;
  readonly settings: SettingsRepo;
  readonly audit: AuditRepo;
  /** SQLite only: task history and audit entries are written from a worker thread (see SqliteWriteThread). */
  private readonly sqliteWriter: SqliteWriter | undefined;

  constructor(
    private readonly target: DatabaseTarget,
    private readonly client: DbClient,
  ) {
    this.kind = target.kind;
    this.sqliteWriter =
      target.kind === "sqlite"
        ? new SqliteWriteThread({ path: target.path, statements: SQLITE_WRITE_STATEMENTS, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS })
        : undefined;
    this.tasks = new PrismaTaskHistoryRepo(client, target.kind === "sqlite" ? sqliteDialect : postgresDialect, this.sqliteWriter);
    this.taskStats = new PrismaTaskStatsRepo(client, target.kind === "sqlite" ? sqliteDialect : postgresDialect);
    this.tokens = new PrismaTokenRepo(client);
    this.users = new PrismaUserRepo(client);
    this.sessions = new PrismaSessionRepo(client);
    this.passkeys = new PrismaPasskeyRepo(client);
    this.settings = new PrismaSettingsRepo(client);
    this.audit = new PrismaAuditRepo(client, target.kind, this.sqliteWriter);
  }

  async ping(): Promise<void> {
    await this.client.$queryRawUnsafe("SELECT 1");
  }

  migrate(): Promise<MigrateResult> {
    return migrateTarget(this.target);
  }

  async close(): Promise<void> {
    try {
      await this.sqliteWriter?.close();
    } finally {
      await this.client.$disconnect();
    }
  }
}
