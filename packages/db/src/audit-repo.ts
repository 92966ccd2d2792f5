import type { AuditStore } from "@switchyard/audit";

export type { AuditCheckpoint, AuditEntry, AuditEntryDraft, AuditListQuery, AuditPage } from "@switchyard/audit";

/** The audit log's storage: append-only rows, hash-chained by seq (see packages/audit). */
export type AuditRepo = AuditStore;
