/**
 * The integrity primitives (canonical JSON, entry hash chain, RFC 6962 Merkle tree and proofs,
 * C2SP checkpoints and signed notes, the streaming verifier). They live in ../verify-export.mjs
 * so that the standalone script a reviewer runs and this library are one implementation.
 */
export {
  EXPORT_FORMAT,
  GENESIS_HASH,
  LogVerifier,
  MerkleBuilder,
  canonicalJson,
  consistencyProof,
  entryBody,
  entryHash,
  entryLeaf,
  formatCheckpoint,
  importPublicKey,
  inclusionProof,
  inputDigest,
  leafHash,
  nodeHash,
  noteKeyId,
  openNote,
  parseCheckpoint,
  parseExport,
  sealEntry,
  sha256Hex,
  signNote,
  subtreeRoot,
  verifyConsistency,
  verifyExport,
  verifyInclusion,
} from "../verify-export.mjs";
export type {
  ExportHeader,
  FirstBad,
  ImportedPublicKey,
  JsonValue,
  VerifiedCheckpoint,
  VerifyResult,
} from "../verify-export.mjs";
