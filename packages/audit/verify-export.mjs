#!/usr/bin/env node
/**
 * Switchyard audit log: the one implementation of its integrity rules, and a standalone
 * verifier for exports.
 *
 * Why one file: an outside reviewer must be able to check an export with nothing but Node
 * and this file (no project imports, only `node:` modules), and the platform must check its
 * own log with exactly the same rules. So the hashing, Merkle tree, checkpoint and streaming
 * verification primitives live here, the TypeScript library (`@switchyard/audit`) imports
 * them from this file (types in verify-export.d.mts), and the command-line part below only
 * runs when the file is executed directly. There is no second copy to drift.
 *
 *   node verify-export.mjs <export.jsonl> [--public-key <pem file>] [--inclusion <seq>]
 *                          [--consistency <sizeA> <sizeB>]
 *
 * Exit status 0 when the export verifies (and the requested proofs check), 1 otherwise
 * (the first bad entry or checkpoint is named), 2 for usage errors. See VERIFYING.md.
 */
import { createHash, createPublicKey, sign as edSign, verify as edVerify } from "node:crypto";
import { readFileSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** The previous hash of the first entry. */
export const GENESIS_HASH = "0".repeat(64);
/** First field of an export's header line. */
export const EXPORT_FORMAT = "switchyard-audit-export/1";
/** Domain separation: an entry hash can never be confused with another sha256 use. */
const ENTRY_DOMAIN = Buffer.from("switchyard-audit-entry/v1\0", "utf8");
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
const EMPTY_ROOT = createHash("sha256").digest();
const HEX64 = /^[0-9a-f]{64}$/;

// ---------------------------------------------------------------------------------------------
// Canonical JSON (RFC 8785 style): sorted keys (UTF-16 code units), no whitespace, ECMAScript
// number and string serialisation (which JSON.stringify implements for single values).

export function canonicalJson(value) {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonical JSON has no NaN or Infinity");
      return JSON.stringify(value);
    case "string":
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
      const keys = Object.keys(value)
        .filter((k) => value[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
}

export function sha256Hex(text) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** inputDigest: sha256 of the canonical JSON of the (already redacted) input; null hashes as "null". */
export function inputDigest(input) {
  return sha256Hex(canonicalJson(input ?? null));
}

/** The hashed body of an entry: every stored field but prevHash and hash, in a fixed shape. */
export function entryBody(entry) {
  return {
    seq: entry.seq,
    id: entry.id,
    time: entry.time,
    actor: { type: entry.actor.type, id: entry.actor.id ?? null, name: entry.actor.name ?? null },
    action: entry.action,
    target: entry.target ?? null,
    inputDigest: entry.inputDigest,
    input: entry.input ?? null,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    clientAddress: entry.clientAddress ?? null,
    userAgent: entry.userAgent ?? null,
    requestId: entry.requestId ?? null,
  };
}

/** sha256(domain || previous hash (32 bytes) || canonical body), hex. */
export function entryHash(prevHash, entry) {
  if (!HEX64.test(prevHash)) throw new TypeError("prevHash must be 64 lowercase hex digits");
  return createHash("sha256")
    .update(ENTRY_DOMAIN)
    .update(Buffer.from(prevHash, "hex"))
    .update(canonicalJson(entryBody(entry)), "utf8")
    .digest("hex");
}

/** The entry with seq, prevHash and hash filled in after prev (null for the first entry). */
export function sealEntry(prev, draft) {
  const seq = prev ? prev.seq + 1 : 1;
  const prevHash = prev ? prev.hash : GENESIS_HASH;
  const entry = { ...draft, seq };
  return { ...entry, prevHash, hash: entryHash(prevHash, entry) };
}

// ---------------------------------------------------------------------------------------------
// RFC 6962 / RFC 9162 Merkle tree over Buffers of 32 bytes.

export function leafHash(data) {
  return createHash("sha256").update(LEAF_PREFIX).update(data).digest();
}

export function nodeHash(left, right) {
  return createHash("sha256").update(NODE_PREFIX).update(left).update(right).digest();
}

/** The tree's leaf for an entry: the leaf hash of its 32-byte entry hash. */
export function entryLeaf(hashHex) {
  return leafHash(Buffer.from(hashHex, "hex"));
}

/**
 * The tree built leaf by leaf, keeping only the roots of its perfect subtrees (at most
 * log2(n) hashes): root() at any size without holding the leaves, for streaming verification.
 */
export class MerkleBuilder {
  constructor() {
    this.size = 0;
    this.stack = [];
  }
  push(leaf) {
    let hash = leaf;
    for (let n = this.size; n & 1; n >>= 1) hash = nodeHash(this.stack.pop(), hash);
    this.stack.push(hash);
    this.size += 1;
  }
  root() {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let hash = this.stack[this.stack.length - 1];
    for (let i = this.stack.length - 2; i >= 0; i--) hash = nodeHash(this.stack[i], hash);
    return hash;
  }
}

function largestPowerOfTwoBelow(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[start:end]) over leaf hashes. */
export function subtreeRoot(leaves, start = 0, end = leaves.length) {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[start];
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(subtreeRoot(leaves, start, start + k), subtreeRoot(leaves, start + k, end));
}

/** PATH(index, D[0:size]) of RFC 6962 section 2.1.1, over leaf hashes. */
export function inclusionProof(leaves, index, size = leaves.length) {
  if (!(index >= 0 && index < size && size <= leaves.length)) throw new RangeError("index outside the tree");
  const path = (m, start, end) => {
    const n = end - start;
    if (n <= 1) return [];
    const k = largestPowerOfTwoBelow(n);
    return m < k
      ? [...path(m, start, start + k), subtreeRoot(leaves, start + k, end)]
      : [...path(m - k, start + k, end), subtreeRoot(leaves, start, start + k)];
  };
  return path(index, 0, size);
}

/** PROOF(m, D[0:n]) of RFC 6962 section 2.1.2, over leaf hashes. */
export function consistencyProof(leaves, m, n = leaves.length) {
  if (!(m >= 0 && m <= n && n <= leaves.length)) throw new RangeError("sizes outside the tree");
  if (m === 0 || m === n) return [];
  const sub = (m1, start, end, complete) => {
    const size = end - start;
    if (m1 === size) return complete ? [] : [subtreeRoot(leaves, start, end)];
    const k = largestPowerOfTwoBelow(size);
    return m1 <= k
      ? [...sub(m1, start, start + k, complete), subtreeRoot(leaves, start + k, end)]
      : [...sub(m1 - k, start + k, end, false), subtreeRoot(leaves, start, start + k)];
  };
  return sub(m, 0, n, true);
}

/** RFC 9162 section 2.1.3.2. */
export function verifyInclusion(leaf, index, size, proof, root) {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 section 2.1.4.2 (a size-0 first tree is consistent with anything). */
export function verifyConsistency(m, n, proof, rootM, rootN) {
  if (!(m >= 0 && m <= n)) return false;
  if (m === 0) return proof.length === 0;
  if (m === n) return proof.length === 0 && rootM.equals(rootN);
  if (proof.length === 0) return false;
  const path = (m & (m - 1)) === 0 ? [rootM, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(rootM) && sr.equals(rootN);
}

// ---------------------------------------------------------------------------------------------
// Checkpoints (C2SP tlog-checkpoint) signed as C2SP signed notes with Ed25519.

/** Ed25519 public key from a KeyObject, PEM text, or base64 of the 32 raw bytes. */
export function importPublicKey(input) {
  let key;
  if (typeof input === "string") {
    const text = input.trim();
    key = text.startsWith("-----BEGIN")
      ? createPublicKey(text)
      : createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(text, "base64").toString("base64url") }, format: "jwk" });
  } else {
    key = input.type === "private" ? createPublicKey(input) : input;
  }
  if (key.asymmetricKeyType !== "ed25519") throw new TypeError("the audit key must be an Ed25519 key");
  const raw = Buffer.from(key.export({ format: "jwk" }).x, "base64url");
  return { key, raw };
}

/** C2SP signed-note key id: the first 4 bytes of SHA-256(name || "\n" || 0x01 || public key). */
export function noteKeyId(name, rawPublicKey) {
  return createHash("sha256").update(`${name}\n`, "utf8").update(Buffer.from([0x01])).update(rawPublicKey).digest().subarray(0, 4);
}

/** The checkpoint body: origin, size, base64 root, and an extension line with the time. */
export function formatCheckpoint({ origin, size, rootHash, time }) {
  if (!origin || /[\n]/.test(origin)) throw new TypeError("origin must be one non-empty line");
  return `${origin}\n${size}\n${Buffer.from(rootHash).toString("base64")}\ntime ${time}\n`;
}

export function parseCheckpoint(body) {
  const lines = body.split("\n");
  if (lines.pop() !== "" || lines.length < 3) throw new Error("not a checkpoint: expected origin, size and root lines");
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new Error("checkpoint size is not a decimal number");
  const rootHash = Buffer.from(rootText, "base64");
  if (rootHash.length !== 32 || rootHash.toString("base64") !== rootText) throw new Error("checkpoint root is not 32 bytes of base64");
  const timeLine = extensions.find((l) => l.startsWith("time "));
  return { origin, size: Number(sizeText), rootHash, time: timeLine ? timeLine.slice(5) : null };
}

/** body + blank line + "— <name> base64(key id || signature)". */
export function signNote(body, { name, privateKey, publicKeyRaw }) {
  const signature = edSign(null, Buffer.from(body, "utf8"), privateKey);
  return `${body}\n\u2014 ${name} ${Buffer.concat([noteKeyId(name, publicKeyRaw), signature]).toString("base64")}\n`;
}

/** Checks a signed note against the key; returns {ok: true, body, keyName} or {ok: false, reason}. */
export function openNote(text, publicKey) {
  const split = text.lastIndexOf("\n\n");
  if (split < 0 || !text.endsWith("\n")) return { ok: false, reason: "not a signed note (no signature block)" };
  const body = text.slice(0, split + 1);
  const lines = text.slice(split + 2, -1).split("\n");
  for (const line of lines) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) return { ok: false, reason: "malformed signature line" };
    const blob = Buffer.from(m[2], "base64");
    if (blob.length !== 68 || !blob.subarray(0, 4).equals(noteKeyId(m[1], publicKey.raw))) continue;
    if (edVerify(null, Buffer.from(body, "utf8"), publicKey.key, blob.subarray(4))) return { ok: true, body, keyName: m[1] };
    return { ok: false, reason: `the signature by ${m[1]} does not verify (forged or altered checkpoint)` };
  }
  return { ok: false, reason: "no signature by the audit key" };
}

// ---------------------------------------------------------------------------------------------
// Streaming verification: entries in seq order, checked against the chain and every signed
// checkpoint, holding O(log n) state.

export class LogVerifier {
  /**
   * @param checkpoints [{id, note}] in any order
   * @param publicKey result of importPublicKey()
   * @param origin optional: checkpoints must name this origin
   */
  constructor({ checkpoints, publicKey, origin }) {
    this.tree = new MerkleBuilder();
    this.prev = null;
    this.prevPrevHash = null;
    this.firstBad = null;
    this.lastCheckpoint = null;
    this.matchedSize = 0;
    this.firstAfterMatched = null;
    this.pending = [];
    this.verifiedCount = null;
    for (const cp of checkpoints) {
      const opened = openNote(cp.note, publicKey);
      let parsed = null;
      let bad = opened.ok ? null : opened.reason;
      if (opened.ok) {
        try {
          parsed = parseCheckpoint(opened.body);
          if (origin !== undefined && parsed.origin !== origin) bad = `checkpoint origin "${parsed.origin}" is not "${origin}"`;
        } catch (err) {
          bad = err.message;
        }
      }
      const claimed = parsed?.size ?? claimedSize(cp.note);
      this.pending.push({ id: cp.id, size: claimed, parsed, bad });
    }
    this.pending.sort((a, b) => a.size - b.size || (a.bad ? -1 : 0) - (b.bad ? -1 : 0));
    this.settleCheckpoints();
  }

  get checkedEntries() {
    return this.tree.size;
  }

  /** The Merkle root of the entries accepted so far. */
  root() {
    return this.tree.root();
  }

  /** Feeds the next stored entry; returns false once a bad entry or checkpoint was found. */
  add(entry) {
    if (this.firstBad) return false;
    const expected = this.tree.size + 1;
    const fail = (who, reason) => {
      this.firstBad = { id: who.id, kind: "entry", seq: who.seq, reason };
      // Blaming the predecessor takes it back out of the verified count.
      this.verifiedCount = Math.min(this.tree.size, who.seq - 1);
      return false;
    };
    if (entry.seq !== expected) {
      return entry.seq > expected
        ? fail(entry, `seq ${entry.seq} follows seq ${expected - 1}: ${entry.seq - expected === 1 ? `entry ${expected} is` : `entries ${expected}..${entry.seq - 1} are`} missing (deleted)`)
        : fail(entry, `seq ${entry.seq} appears after seq ${expected - 1} (inserted or reordered row)`);
    }
    let ownHashOk = false;
    try {
      ownHashOk = HEX64.test(entry.hash) && entryHash(entry.prevHash, entry) === entry.hash;
    } catch {
      ownHashOk = false;
    }
    const prevHash = this.prev ? this.prev.hash : GENESIS_HASH;
    // An entry that chains to the one before its predecessor: the predecessor was slipped in.
    if (entry.prevHash !== prevHash && this.prev && this.prevPrevHash === entry.prevHash && this.prev.seq > this.matchedSize) {
      return fail(this.prev, `entry ${this.prev.seq} was inserted: entry ${entry.seq} chains to entry ${this.prev.seq - 1}`);
    }
    if (!ownHashOk) return fail(entry, `entry ${entry.seq}'s stored hash does not match its content (modified, moved or reordered row)`);
    if (entry.prevHash !== prevHash) {
      // The entry itself is intact; its predecessor's hash was recomputed after a change,
      // unless a signed checkpoint already vouches for the predecessor.
      if (this.prev && this.prev.seq > this.matchedSize) {
        return fail(this.prev, `entry ${this.prev.seq} was modified: entry ${entry.seq} chains to a different hash`);
      }
      return fail(entry, `entry ${entry.seq}'s previous hash does not match entry ${expected - 1}`);
    }
    if (entry.inputDigest !== inputDigest(entry.input)) return fail(entry, `entry ${entry.seq}'s inputDigest does not match its input`);
    this.tree.push(entryLeaf(entry.hash));
    this.prevPrevHash = prevHash;
    this.prev = { id: entry.id, seq: entry.seq, hash: entry.hash };
    if (entry.seq === this.matchedSize + 1) this.firstAfterMatched = { id: entry.id, seq: entry.seq };
    this.settleCheckpoints();
    return this.firstBad === null;
  }

  /** The verdict; checkpoints beyond the last entry mean the tail was cut off. */
  finish() {
    if (!this.firstBad) {
      const beyond = this.pending[0];
      if (beyond) {
        this.firstBad = beyond.bad
          ? { id: beyond.id, kind: "checkpoint", seq: null, reason: beyond.bad }
          : {
              id: beyond.id,
              kind: "checkpoint",
              seq: this.tree.size + 1,
              reason: `a signed checkpoint covers ${beyond.size} entries but the log ends at ${this.tree.size}: entries ${this.tree.size + 1}..${beyond.size} were removed (truncated)`,
            };
      }
    }
    return {
      ok: this.firstBad === null,
      checkedEntries: this.verifiedCount ?? this.tree.size,
      lastCheckpoint: this.lastCheckpoint,
      ...(this.firstBad ? { firstBad: this.firstBad } : {}),
    };
  }

  /** Checks every checkpoint whose size the stream has reached. */
  settleCheckpoints() {
    while (!this.firstBad && this.pending.length > 0 && this.pending[0].size <= this.tree.size) {
      const cp = this.pending.shift();
      if (cp.bad) {
        this.firstBad = { id: cp.id, kind: "checkpoint", seq: null, reason: cp.bad };
        return;
      }
      if (!this.tree.root().equals(cp.parsed.rootHash)) {
        const who = this.firstAfterMatched ?? { id: cp.id, seq: null };
        this.firstBad = {
          id: who.id,
          kind: who.seq === null ? "checkpoint" : "entry",
          seq: who.seq,
          reason: `the first ${cp.size} entries do not have the root signed in checkpoint ${cp.id}: entries after ${this.matchedSize} were rewritten, starting at or after entry ${this.matchedSize + 1}`,
        };
        return;
      }
      this.matchedSize = cp.size;
      this.firstAfterMatched = null;
      this.lastCheckpoint = { size: cp.size, rootHash: cp.parsed.rootHash.toString("hex"), time: cp.parsed.time };
    }
  }
}

/** The size line of an unverified note, to place a bad checkpoint in the stream. */
function claimedSize(note) {
  const size = Number(String(note).split("\n")[1]);
  return Number.isSafeInteger(size) && size >= 0 ? size : 0;
}

// ---------------------------------------------------------------------------------------------
// Exports: JSON Lines, a header, the checkpoints, then the entries.

/** Reads an export's text into {header, checkpoints, entries}; throws naming the bad line. */
export function parseExport(text) {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  let header = null;
  const checkpoints = [];
  const entries = [];
  lines.forEach((line, i) => {
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1} is not JSON`);
    }
    if (i === 0) {
      if (record.type !== "header" || record.format !== EXPORT_FORMAT) throw new Error(`line 1 is not a ${EXPORT_FORMAT} header`);
      header = record;
    } else if (record.type === "checkpoint") checkpoints.push({ id: record.id, note: record.note });
    else if (record.type === "entry") entries.push(record);
    else throw new Error(`line ${i + 1} has unknown type ${JSON.stringify(record.type)}`);
  });
  if (!header) throw new Error("the export is empty");
  return { header, checkpoints, entries };
}

/** Verifies a parsed export; with proofs requested, also builds and checks them. */
export function verifyExport({ header, checkpoints, entries }, { publicKey, inclusion, consistency } = {}) {
  const key = importPublicKey(publicKey ?? header.publicKeyPem ?? header.publicKey);
  const verifier = new LogVerifier({ checkpoints, publicKey: key, origin: header.origin });
  const leaves = [];
  for (const entry of entries) {
    if (!verifier.add(entry)) break;
    leaves.push(entryLeaf(entry.hash));
  }
  const result = verifier.finish();
  const signed = new Map();
  for (const cp of checkpoints) {
    const opened = openNote(cp.note, key);
    if (!opened.ok) continue;
    const parsed = parseCheckpoint(opened.body);
    if (parsed.size <= result.checkedEntries && parsed.size > 0) signed.set(parsed.size, parsed);
  }
  const out = { ...result };
  if (inclusion !== undefined) {
    const cp = [...signed.values()].filter((c) => c.size >= inclusion).sort((a, b) => a.size - b.size)[0];
    if (!result.ok) out.inclusion = { ok: false, reason: "the log does not verify" };
    else if (!(inclusion >= 1 && inclusion <= result.checkedEntries)) out.inclusion = { ok: false, reason: `no entry ${inclusion}` };
    else if (!cp) out.inclusion = { ok: false, reason: `no signed checkpoint covers entry ${inclusion} yet` };
    else {
      const proof = inclusionProof(leaves, inclusion - 1, cp.size);
      const leaf = leaves[inclusion - 1];
      out.inclusion = {
        ok: verifyInclusion(leaf, inclusion - 1, cp.size, proof, cp.rootHash),
        seq: inclusion,
        entryId: entries[inclusion - 1].id,
        entryHash: entries[inclusion - 1].hash,
        leafHash: leaf.toString("hex"),
        treeSize: cp.size,
        rootHash: cp.rootHash.toString("hex"),
        proof: proof.map((h) => h.toString("hex")),
      };
    }
  }
  if (consistency !== undefined) {
    const [a, b] = consistency;
    const first = signed.get(a);
    const second = signed.get(b);
    if (!result.ok) out.consistency = { ok: false, reason: "the log does not verify" };
    else if (!first || !second || a > b) out.consistency = {
        ok: false,
        reason: `no signed checkpoints of sizes ${a} and ${b} (with ${a} <= ${b}) in the verified log; signed sizes: ${[...signed.keys()].sort((x, y) => x - y).join(", ") || "none"}`,
      };
    else {
      const proof = consistencyProof(leaves, a, b);
      out.consistency = {
        ok: verifyConsistency(a, b, proof, first.rootHash, second.rootHash),
        sizeA: a,
        sizeB: b,
        rootA: first.rootHash.toString("hex"),
        rootB: second.rootHash.toString("hex"),
        proof: proof.map((h) => h.toString("hex")),
      };
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Command line.

function usage(message) {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write("usage: node verify-export.mjs <export.jsonl> [--public-key <pem file>] [--inclusion <seq>] [--consistency <sizeA> <sizeB>]\n");
  process.exit(2);
}

function positiveInt(text, what) {
  if (!/^[0-9]+$/.test(text ?? "")) usage(`${what} must be a whole number`);
  return Number(text);
}

function main(argv) {
  let file;
  let keyFile;
  let inclusion;
  let consistency;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--public-key") keyFile = argv[++i] ?? usage("--public-key needs a file");
    else if (arg === "--inclusion") inclusion = positiveInt(argv[++i], "--inclusion");
    else if (arg === "--consistency") consistency = [positiveInt(argv[++i], "--consistency sizeA"), positiveInt(argv[++i], "--consistency sizeB")];
    else if (arg === "--help" || arg === "-h") usage();
    else if (arg.startsWith("--") || file) usage(`unexpected argument ${arg}`);
    else file = arg;
  }
  if (!file) usage("no export file given");
  let parsed;
  try {
    parsed = parseExport(readFileSync(file, "utf8"));
  } catch (err) {
    console.log(`FAIL: ${file}: ${err.message}`);
    return 1;
  }
  const publicKey = keyFile ? readFileSync(keyFile, "utf8") : undefined;
  const { header } = parsed;
  console.log(`export:      ${file} (${parsed.entries.length} entries, ${parsed.checkpoints.length} checkpoints)`);
  console.log(`origin:      ${header.origin}`);
  if (keyFile) {
    const given = importPublicKey(publicKey).raw.toString("base64");
    console.log(`public key:  ${given} (from ${keyFile})`);
    if (header.publicKey && header.publicKey !== given) console.log("note:        the export's header names a different key; checking against the one you gave");
  } else {
    console.log(`public key:  ${header.publicKey} (from the export itself: compare it with the key obtained out of band, or pass --public-key)`);
  }
  const result = verifyExport(parsed, { publicKey, inclusion, consistency });
  let code = result.ok ? 0 : 1;
  if (result.ok) {
    console.log(`OK:          ${result.checkedEntries} entries verified; hash chain intact`);
    console.log(
      result.lastCheckpoint
        ? `checkpoint:  size ${result.lastCheckpoint.size}, root ${result.lastCheckpoint.rootHash}, signed at ${result.lastCheckpoint.time}`
        : "checkpoint:  none yet (the chain is intact, but nothing is signed)",
    );
    if (result.lastCheckpoint && result.lastCheckpoint.size < result.checkedEntries) {
      console.log(`             entries ${result.lastCheckpoint.size + 1}..${result.checkedEntries} are chained but not yet covered by a signed checkpoint`);
    }
  } else {
    const bad = result.firstBad;
    console.log(`FAIL:        first bad ${bad.kind} ${bad.id}${bad.seq ? ` (seq ${bad.seq})` : ""}: ${bad.reason}`);
    console.log(`             ${result.checkedEntries} entries verified before it`);
  }
  if (result.inclusion) {
    const r = result.inclusion;
    if (r.ok) {
      console.log(`inclusion:   OK entry ${r.seq} (${r.entryId}) is leaf ${r.seq - 1} of the signed tree of size ${r.treeSize}`);
      console.log(`             leaf ${r.leafHash}`);
      r.proof.forEach((h, i) => console.log(`             proof[${i}] ${h}`));
    } else {
      console.log(`inclusion:   FAIL ${r.reason ?? "the proof does not lead to the signed root"}`);
      code = 1;
    }
  }
  if (result.consistency) {
    const r = result.consistency;
    if (r.ok) {
      console.log(`consistency: OK the signed tree of size ${r.sizeA} is a prefix of the signed tree of size ${r.sizeB}`);
      r.proof.forEach((h, i) => console.log(`             proof[${i}] ${h}`));
    } else {
      console.log(`consistency: FAIL ${r.reason ?? "the proof does not connect the two signed roots"}`);
      code = 1;
    }
  }
  return code;
}

const invoked = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : "";
if (invoked === import.meta.url) process.exitCode = main(process.argv.slice(2));
