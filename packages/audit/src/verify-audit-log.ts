import type { KeyObject } from "node:crypto";
import type { AuditCheckpoint, AuditEntry } from "./audit-entry.js";
import { importPublicKey, LogVerifier, type VerifyResult } from "./integrity.js";

export interface VerifyAuditLogOptions {
  /** Stored entries in seq order (streamed: memory stays O(log n)). */
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>;
  /** Signed checkpoints, read before the entries (so none covers entries the stream lacks). */
  checkpoints: readonly Pick<AuditCheckpoint, "id" | "note">[];
  /** KeyObject, PEM, or base64 of the raw key. */
  publicKey: KeyObject | string;
  /** When given, every checkpoint must name this origin. */
  origin?: string;
}

/**
 * Recomputes the hash chain and the Merkle tree and checks them against every signed checkpoint.
 * firstBad names the first modified, deleted, inserted or reordered entry, the first entry
 * after the last checkpoint that still matches when a suffix was rewritten, a checkpoint whose
 * signature fails, or a checkpoint larger than the log (truncated tail).
 */
export async function verifyAuditLog(options: VerifyAuditLogOptions): Promise<VerifyResult> {
  const verifier = new LogVerifier({
    checkpoints: options.checkpoints,
    publicKey: importPublicKey(options.publicKey),
    ...(options.origin !== undefined ? { origin: options.origin } : {}),
  });
  for await (const entry of options.entries) {
    if (!verifier.add(entry)) break;
  }
  return verifier.finish();
}
