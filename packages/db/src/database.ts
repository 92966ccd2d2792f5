import type { AuditRepo } from "./audit-repo.js";
import type { TaskHistoryRepo } from "./task-history-repo.js";
import type { TaskStatsRepo } from "./task-stats-repo.js";
import type { PasskeyRepo } from "./passkey-repo.js";
import type { SessionRepo } from "./session-repo.js";
import type { SettingsRepo } from "./settings-repo.js";
import type { TokenRepo } from "./token-repo.js";
import type { UserRepo } from "./user-repo.js";

export type DatabaseKind = "sqlite" | "postgres";

export interface MigrateResult {
  /** Names of the migrations this call applied, in order (empty when none were pending). */
  applied: string[];
}

export interface Database {
  readonly kind: DatabaseKind;
  readonly tasks: TaskHistoryRepo;
  /** Outcomes and run times per pool and minute (the dashboard's charts). */
  readonly taskStats: TaskStatsRepo;
  readonly tokens: TokenRepo;
  readonly users: UserRepo;
  readonly sessions: SessionRepo;
  /** Passkeys (WebAuthn credentials), a second factor beside TOTP. */
  readonly passkeys: PasskeyRepo;
  readonly settings: SettingsRepo;
  /** The tamper-evident audit log's storage (append-only; packages/audit computes and checks). */
  readonly audit: AuditRepo;
  /** Runs SELECT 1; throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<MigrateResult>;
  close(): Promise<void>;
}
