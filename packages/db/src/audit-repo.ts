import type { AuditEntry, AuditListQuery, AuditPage, AuditStore } from "@switchyard/audit";

export type { AuditCheckpoint, AuditEntry, AuditEntryDraft, AuditListQuery, AuditPage } from "@switchyard/audit";

/** The audit log's storage: append-only rows, hash-chained by seq (see packages/audit). */
export interface AuditRepo extends AuditStore {
  /** Newest first, filtered; nextCursor continues the listing. */
  list(query: AuditListQuery): Promise<AuditPage>;
  get(id: string): Promise<AuditEntry | null>;
}
