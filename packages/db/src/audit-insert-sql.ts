import { canonicalJson, type AuditEntry } from "@switchyard/audit";
import type { SqlValue } from "./sql-dialect.js";
import { sqliteDateTime } from "./sqlite-settings.js";

const COLUMNS = [
  "id",
  "seq",
  "time",
  "actorType",
  "actorId",
  "actorName",
  "action",
  "target",
  "inputDigest",
  "input",
  "outcome",
  "reason",
  "clientAddress",
  "userAgent",
  "requestId",
  "prevHash",
  "hash",
] as const;

/** Parameters per row of auditInsertSql(). */
export const AUDIT_INSERT_WIDTH = COLUMNS.length;

/**
 * The plain INSERT of one audit entry on SQLite, for the write thread. A row that takes a seq
 * already there fails the UNIQUE index (SQLITE_CONSTRAINT_UNIQUE), as Prisma's create does.
 */
export function auditInsertSql(): string {
  return `INSERT INTO "audit_entries" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")})`;
}

/** The values of auditInsertSql() for a sealed entry, encoded as Prisma stores them on SQLite. */
export function auditInsertValues(entry: AuditEntry): SqlValue[] {
  return [
    entry.id,
    entry.seq,
    sqliteDateTime(new Date(entry.time)),
    entry.actor.type,
    entry.actor.id,
    entry.actor.name,
    entry.action,
    entry.target,
    entry.inputDigest,
    entry.input === null ? null : canonicalJson(entry.input),
    entry.outcome,
    entry.reason,
    entry.clientAddress,
    entry.userAgent,
    entry.requestId,
    entry.prevHash,
    entry.hash,
  ];
}
