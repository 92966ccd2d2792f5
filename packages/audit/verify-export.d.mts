// Types for verify-export.mjs, the one implementation of the audit log's integrity rules
// (the standalone script and @switchyard/audit share it; see the comment at its top).
import type { KeyObject } from "node:crypto";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface ChainEntry {
  seq: number;
  id: string;
  time: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  target: string | null;
  inputDigest: string;
  input: JsonValue | null;
  outcome: string;
  reason: string | null;
  clientAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
}
export interface SealedChainEntry extends ChainEntry {
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH: string;
export const EXPORT_FORMAT: string;
export function canonicalJson(value: unknown): string;
export function sha256Hex(text: string): string;
export function inputDigest(input: JsonValue | null | undefined): string;
export function entryBody(entry: ChainEntry): ChainEntry;
export function entryHash(prevHash: string, entry: ChainEntry): string;
export function sealEntry<T extends Omit<ChainEntry, "seq">>(
  prev: { seq: number; hash: string } | null,
  draft: T,
): T & { seq: number; prevHash: string; hash: string };

export function leafHash(data: Uint8Array): Buffer;
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer;
export function entryLeaf(hashHex: string): Buffer;
export class MerkleBuilder {
  readonly size: number;
  push(leaf: Buffer): void;
  root(): Buffer;
}
export function subtreeRoot(leaves: readonly Buffer[], start?: number, end?: number): Buffer;
export function inclusionProof(leaves: readonly Buffer[], index: number, size?: number): Buffer[];
export function consistencyProof(leaves: readonly Buffer[], m: number, n?: number): Buffer[];
export function verifyInclusion(leaf: Buffer, index: number, size: number, proof: readonly Buffer[], root: Buffer): boolean;
export function verifyConsistency(m: number, n: number, proof: readonly Buffer[], rootM: Buffer, rootN: Buffer): boolean;

export interface ImportedPublicKey {
  key: KeyObject;
  raw: Buffer;
}
export function importPublicKey(input: string | KeyObject): ImportedPublicKey;
export function noteKeyId(name: string, rawPublicKey: Uint8Array): Buffer;
export function formatCheckpoint(cp: { origin: string; size: number; rootHash: Uint8Array; time: string }): string;
export function parseCheckpoint(body: string): { origin: string; size: number; rootHash: Buffer; time: string | null };
export function signNote(body: string, signer: { name: string; privateKey: KeyObject; publicKeyRaw: Uint8Array }): string;
export function openNote(
  text: string,
  publicKey: ImportedPublicKey,
): { ok: true; body: string; keyName: string } | { ok: false; reason: string };

export interface FirstBad {
  id: string;
  kind: "entry" | "checkpoint";
  /** The entry's position (for a truncated tail: the first missing one); null for a checkpoint's own fault. */
  seq: number | null;
  reason: string;
}
export interface VerifiedCheckpoint {
  size: number;
  rootHash: string;
  time: string | null;
}
export interface VerifyResult {
  ok: boolean;
  checkedEntries: number;
  lastCheckpoint: VerifiedCheckpoint | null;
  firstBad?: FirstBad;
}
export class LogVerifier {
  constructor(options: { checkpoints: readonly { id: string; note: string }[]; publicKey: ImportedPublicKey; origin?: string });
  readonly checkedEntries: number;
  root(): Buffer;
  add(entry: SealedChainEntry): boolean;
  finish(): VerifyResult;
}

export interface ExportHeader {
  type: "header";
  format: string;
  origin: string;
  keyName: string;
  publicKey: string;
  publicKeyPem: string;
  exportedAt: string;
}
export interface ParsedExport {
  header: ExportHeader;
  checkpoints: { id: string; note: string }[];
  entries: SealedChainEntry[];
}
export function parseExport(text: string): ParsedExport;
export interface ExportVerifyResult extends VerifyResult {
  inclusion?: { ok: boolean; reason?: string; seq?: number; treeSize?: number; rootHash?: string; proof?: string[] };
  consistency?: { ok: boolean; reason?: string; sizeA?: number; sizeB?: number; proof?: string[] };
}
export function verifyExport(
  parsed: ParsedExport,
  options?: { publicKey?: string; inclusion?: number; consistency?: [number, number] },
): ExportVerifyResult;
