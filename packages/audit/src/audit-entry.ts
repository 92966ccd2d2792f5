import type { JsonValue } from "./integrity.js";

export const AUDIT_ACTOR_TYPES = ["user", "token", "system", "anonymous"] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export const AUDIT_OUTCOMES = ["allowed", "denied_role", "denied_policy", "denied_mfa", "failed"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditActor {
  type: AuditActorType;
  id: string | null;
  name: string | null;
}

/** One entry as stored and exported. Every field but prevHash and hash is in the hashed body. */
export interface AuditEntry {
  /** 1, 2, 3, … without gaps. */
  seq: number;
  /** UUIDv7. */
  id: string;
  /** ISO 8601 UTC with milliseconds (what the hash covers, byte for byte). */
  time: string;
  actor: AuditActor;
  action: string;
  /** Readable: the pool's name, the new token's id and name, … */
  target: string | null;
  /** sha256 hex of the canonical JSON of input. */
  inputDigest: string;
  /** The input with secrets redacted (redactInput), or null. */
  input: JsonValue | null;
  outcome: AuditOutcome;
  reason: string | null;
  clientAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The previous entry's hash (64 zeros for the first). */
  prevHash: string;
  hash: string;
}

/** What a store appends: the store assigns id, seq, prevHash and hash. */
export type AuditEntryDraft = Omit<AuditEntry, "seq" | "id" | "prevHash" | "hash">;

/** A signed checkpoint as stored: the note is the signed text, the rest is for queries. */
export interface AuditCheckpoint {
  id: string;
  size: number;
  /** hex */
  rootHash: string;
  /** ISO 8601 */
  time: string;
  /** C2SP signed note: the checkpoint body, a blank line, the signature line. */
  note: string;
}

export interface AuditListQuery {
  /** Actor id or name (exact). */
  actor?: string;
  action?: string;
  /** Substring of the target. */
  target?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  /** nextCursor of the previous page. */
  cursor?: string;
  limit: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

/**
 * Storage the audit log needs (packages/db implements it as AuditRepo). append must never fork
 * the chain, even with writers in several processes.
 */
export interface AuditStore {
  append(draft: AuditEntryDraft): Promise<AuditEntry>;
  /** Newest first, filtered; nextCursor continues the listing. */
  list(query: AuditListQuery): Promise<AuditPage>;
  get(id: string): Promise<AuditEntry | null>;
  /** Entries in seq order, streamed; afterSeq skips the first entries. */
  iterate(options?: { afterSeq?: number }): AsyncIterable<AuditEntry>;
  tail(): Promise<AuditEntry | null>;
  /** Adds a checkpoint; one of the same size already stored is returned instead. */
  addCheckpoint(checkpoint: Omit<AuditCheckpoint, "id">): Promise<AuditCheckpoint>;
  /** All checkpoints, smallest size first. */
  listCheckpoints(): Promise<AuditCheckpoint[]>;
  latestCheckpoint(): Promise<AuditCheckpoint | null>;
}
