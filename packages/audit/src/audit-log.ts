import { ValidationError } from "@switchyard/shared";
import { z } from "zod";
import { AUDIT_ACTOR_TYPES, AUDIT_OUTCOMES, type AuditCheckpoint, type AuditEntry, type AuditListQuery, type AuditPage, type AuditStore } from "./audit-entry.js";
import type { AuditKey } from "./audit-key.js";
import { EXPORT_FORMAT, formatCheckpoint, inputDigest, LogVerifier, signNote, importPublicKey, type FirstBad, type VerifyResult } from "./integrity.js";
import { redactInput } from "./redact-input.js";
import { verifyAuditLog } from "./verify-audit-log.js";

/** PostgreSQL text cannot hold NUL, and no audit field needs it. */
const text = (max: number) => z.string().max(max).transform((s) => s.replaceAll("\0", ""));
const optionalText = (max: number) => text(max).nullish().transform((s) => s ?? null);

export const auditInputSchema = z.object({
  actor: z.object({
    type: z.enum(AUDIT_ACTOR_TYPES),
    id: optionalText(200),
    name: optionalText(200),
  }),
  action: text(200).pipe(z.string().min(1)),
  target: optionalText(1_000),
  /** Raw input; secrets are redacted before it is stored or hashed. */
  input: z.unknown().optional(),
  outcome: z.enum(AUDIT_OUTCOMES),
  reason: optionalText(2_000),
  clientAddress: optionalText(100),
  userAgent: optionalText(1_000),
  requestId: optionalText(200),
});
export type AuditInput = z.input<typeof auditInputSchema>;

/** Inputs larger than this (canonical JSON of the redacted copy) are stored as a note with their digest. */
const MAX_INPUT_CHARS = 64 * 1024;

export class AuditIntegrityError extends Error {
  readonly code = "AUDIT_INTEGRITY";
  constructor(readonly firstBad: FirstBad) {
    super(`audit log integrity check failed at ${firstBad.kind} ${firstBad.id}: ${firstBad.reason}`);
    this.name = "AuditIntegrityError";
  }
}

export interface AuditLogOptions {
  store: AuditStore;
  key: AuditKey;
  /** The log's identity, the first line of every checkpoint (e.g. "switchyard.example.com/audit"). */
  origin: string;
  /** Sign a checkpoint once this many entries were appended since the last one. */
  checkpointEvery?: number;
  /** And at least this often while entries arrive (start() runs the timer). */
  checkpointIntervalMs?: number;
  now?: () => Date;
  /** Errors of background checkpoints (the append that triggered one has already succeeded). */
  onError?: (err: unknown) => void;
}

/**
 * The tamper-evident audit log: appends entries (one insert each, chained by the store),
 * signs checkpoints every N entries or M minutes, verifies, exports.
 *
 * Checkpoint cost: the first checkpoint in a process reads every entry once (hash chain and
 * Merkle tree recomputed, checked against the stored checkpoints: a tampered log is never
 * signed); later ones read only the entries since, keeping log2(n) subtree hashes in memory.
 */
export class AuditLog {
  private readonly store: AuditStore;
  private readonly key: AuditKey;
  private readonly origin: string;
  private readonly every: number;
  private readonly intervalMs: number;
  private readonly now: () => Date;
  private readonly onError: (err: unknown) => void;
  /** Incremental chain + tree over what this process has read so far. */
  private tree: LogVerifier | null = null;
  private lastCheckpointSize: number | null = null;
  private work: Promise<unknown> = Promise.resolve();
  private checkpointQueued = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(options: AuditLogOptions) {
    if (!options.origin || options.origin.includes("\n")) throw new Error("origin must be one non-empty line");
    this.store = options.store;
    this.key = options.key;
    this.origin = options.origin;
    this.every = options.checkpointEvery ?? 1_000;
    this.intervalMs = options.checkpointIntervalMs ?? 5 * 60_000;
    this.now = options.now ?? (() => new Date());
    this.onError = options.onError ?? ((err) => console.error("audit checkpoint failed:", err));
  }

  /** Appends one entry (input redacted, digest and time filled in); may schedule a checkpoint. */
  async append(input: AuditInput): Promise<AuditEntry> {
    const parsed = auditInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
    }
    const { input: raw, ...rest } = parsed.data;
    let stored = redactInput(raw);
    let digest = inputDigest(stored);
    if (stored !== null && JSON.stringify(stored).length > MAX_INPUT_CHARS) {
      stored = { omitted: `input larger than ${MAX_INPUT_CHARS} characters`, sha256: digest };
      digest = inputDigest(stored);
    }
    const entry = await this.store.append({ ...rest, time: this.now().toISOString(), input: stored, inputDigest: digest });
    if (this.lastCheckpointSize === null) this.lastCheckpointSize = (await this.store.latestCheckpoint())?.size ?? 0;
    if (entry.seq - this.lastCheckpointSize >= this.every) this.scheduleCheckpoint();
    return entry;
  }

  /**
   * Signs the current size and root, unless nothing was appended since the last checkpoint.
   * Refuses (AuditIntegrityError) when the stored log does not verify.
   */
  checkpoint(): Promise<AuditCheckpoint | null> {
    const run = this.work.then(() => this.checkpointNow());
    this.work = run.catch(() => undefined);
    return run;
  }

  /** Starts the timer for time-based checkpoints. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.scheduleCheckpoint(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer, waits for checkpoint work, and signs what is still unsigned. Close before the store. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checkpoint().catch(this.onError);
  }

  /** Verifies the whole stored log against its signed checkpoints. */
  async verify(): Promise<VerifyResult> {
    const checkpoints = await this.store.listCheckpoints();
    return verifyAuditLog({ entries: this.store.iterate(), checkpoints, publicKey: this.key.publicKey, origin: this.origin });
  }

  /**
   * The export as JSON Lines (each string ends in "\n"): a header, the checkpoints, then the
   * entries. Checkpoints are read first, so every one of them covers only exported entries.
   */
  async *exportLines(): AsyncIterable<string> {
    const checkpoints = await this.store.listCheckpoints();
    yield `${JSON.stringify({
      type: "header",
      format: EXPORT_FORMAT,
      origin: this.origin,
      keyName: this.key.name,
      keyId: this.key.keyId,
      publicKey: this.key.publicKeyBase64,
      publicKeyPem: this.key.publicKeyPem,
      exportedAt: this.now().toISOString(),
    })}\n`;
    for (const cp of checkpoints) yield `${JSON.stringify({ type: "checkpoint", id: cp.id, note: cp.note })}\n`;
    for await (const entry of this.store.iterate()) yield `${JSON.stringify({ type: "entry", ...entry })}\n`;
  }

  /** Newest first, filtered, a page at a time. */
  list(query: AuditListQuery): Promise<AuditPage> {
    return this.store.list(query);
  }

  get(id: string): Promise<AuditEntry | null> {
    return this.store.get(id);
  }

  publicKey(): { name: string; keyId: string; pem: string; base64: string } {
    return { name: this.key.name, keyId: this.key.keyId, pem: this.key.publicKeyPem, base64: this.key.publicKeyBase64 };
  }

  private scheduleCheckpoint(): void {
    if (this.checkpointQueued) return;
    this.checkpointQueued = true;
    this.checkpoint()
      .catch(this.onError)
      .finally(() => {
        this.checkpointQueued = false;
      });
  }

  private async checkpointNow(): Promise<AuditCheckpoint | null> {
    if (!this.tree) {
      this.tree = new LogVerifier({ checkpoints: await this.store.listCheckpoints(), publicKey: importPublicKey(this.key.publicKey) });
    }
    const tree = this.tree;
    for await (const entry of this.store.iterate({ afterSeq: tree.checkedEntries })) {
      if (!tree.add(entry)) break;
    }
    const bad = tree.finish().firstBad;
    if (bad) {
      // Never sign past damage; read everything again next time.
      this.tree = null;
      throw new AuditIntegrityError(bad);
    }
    const size = tree.checkedEntries;
    const latest = await this.store.latestCheckpoint();
    if (size === 0 || (latest && latest.size >= size)) {
      this.lastCheckpointSize = Math.max(this.lastCheckpointSize ?? 0, latest?.size ?? 0);
      return null;
    }
    const root = tree.root();
    const time = this.now().toISOString();
    const body = formatCheckpoint({ origin: this.origin, size, rootHash: root, time });
    const note = signNote(body, { name: this.key.name, privateKey: this.key.privateKey, publicKeyRaw: Buffer.from(this.key.publicKeyBase64, "base64") });
    const stored = await this.store.addCheckpoint({ size, rootHash: root.toString("hex"), time, note });
    this.lastCheckpointSize = Math.max(this.lastCheckpointSize ?? 0, stored.size);
    return stored;
  }
}
