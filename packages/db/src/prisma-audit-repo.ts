import {
  canonicalJson,
  sealEntry,
  type AuditActorType,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditEntryDraft,
  type AuditListQuery,
  type AuditOutcome,
  type AuditPage,
  type JsonValue,
} from "@switchyard/audit";
import type { AuditCheckpoint as CheckpointModel, AuditEntry as EntryModel, Prisma } from "../generated/sqlite/client.js";
import { ValidationError } from "@switchyard/shared";
import type { AuditRepo } from "./audit-repo.js";
import type { DatabaseKind } from "./database.js";
import { auditInsertValues } from "./audit-insert-sql.js";
import type { DbClient } from "./prisma-client.js";
import { SqliteWriteError } from "./sqlite-write-thread.js";
import type { SqliteWriter } from "./sqlite-write-statements.js";
import { uuidV7 } from "./uuid-v7.js";

/** Rows read per query when streaming the log. */
const PAGE = 2_000;
/** Give up after this many lost races for the next seq (other processes appending). */
const MAX_APPEND_ATTEMPTS = 1_000;

/**
 * Appends are one INSERT each. The chain hash is computed from the last entry, and the insert
 * claims seq = last + 1, which is UNIQUE: if another writer (this process or another) took that
 * seq first, the insert fails, the tail is read again and the entry re-sealed. Rows are never
 * updated (triggers), so the entry at seq - 1 that the hash was computed from is the one that
 * stays there: the chain cannot fork. Within a process appends are queued and the tail is
 * remembered, so the common case is the single insert with no read.
 *
 * On SQLite the insert goes through the process's write thread: better-sqlite3 waits for another
 * process's write lock (the worker's history batches) synchronously, and on the event loop that
 * stalled every request of the web process for as long as the other writer held the lock.
 */
export class PrismaAuditRepo implements AuditRepo {
  private tailCache: { seq: number; hash: string } | null | undefined = undefined;
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param sqliteWriter for SQLite: where inserts go (a worker thread with its own connection);
   *   Prisma's create is used when absent.
   */
  constructor(
    private readonly client: DbClient,
    private readonly kind: DatabaseKind,
    private readonly sqliteWriter?: SqliteWriter,
  ) {}

  append(draft: AuditEntryDraft): Promise<AuditEntry> {
    const run = this.queue.then(() => this.appendNow(draft));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendNow(draft: AuditEntryDraft): Promise<AuditEntry> {
    const id = uuidV7();
    for (let attempt = 1; ; attempt++) {
      if (this.tailCache === undefined) {
        const tail = await this.client.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
        this.tailCache = tail;
      }
      const entry = sealEntry(this.tailCache, { ...draft, id });
      try {
        if (this.sqliteWriter) await this.sqliteWriter.write("audit", auditInsertValues(entry));
        else await this.client.auditEntry.create({ data: toRow(entry) });
      } catch (err) {
        this.tailCache = undefined;
        if (!isUniqueViolation(err) || attempt >= MAX_APPEND_ATTEMPTS) throw err;
        continue;
      }
      this.tailCache = { seq: entry.seq, hash: entry.hash };
      return entry;
    }
  }

  async *iterate(options: { afterSeq?: number } = {}): AsyncIterable<AuditEntry> {
    let after = options.afterSeq ?? 0;
    for (;;) {
      // Raw SQL: verification and export stream every row, and Prisma's model mapping of
      // findMany cost about twice the whole verification (bench/audit.ts).
      const rows = await this.client.$queryRawUnsafe<RawEntryRow[]>(ITERATE_SQL[this.kind], after, PAGE);
      for (const row of rows) yield fromRow({ ...row, seq: Number(row.seq), time: rawDate(row.time) });
      const last = rows[rows.length - 1];
      if (!last || rows.length < PAGE) return;
      after = Number(last.seq);
    }
  }

  async tail(): Promise<AuditEntry | null> {
    const row = await this.client.auditEntry.findFirst({ orderBy: { seq: "desc" } });
    return row ? fromRow(row) : null;
  }

  async get(id: string): Promise<AuditEntry | null> {
    const row = await this.client.auditEntry.findUnique({ where: { id } });
    return row ? fromRow(row) : null;
  }

  async list(query: AuditListQuery): Promise<AuditPage> {
    const limit = Math.max(1, Math.min(query.limit, 1_000));
    const where: Prisma.AuditEntryWhereInput = {};
    if (query.actor !== undefined) where.OR = [{ actorId: query.actor }, { actorName: query.actor }];
    if (query.action !== undefined) where.action = query.action;
    if (query.target !== undefined) where.target = { contains: query.target };
    if (query.outcome !== undefined) where.outcome = query.outcome;
    if (query.from || query.to) where.time = { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) };
    if (query.cursor !== undefined) {
      const before = Number(query.cursor);
      if (!Number.isSafeInteger(before) || before < 1) throw new ValidationError([{ path: "cursor", message: "not a cursor from this listing" }]);
      where.seq = { lt: before };
    }
    const rows = await this.client.auditEntry.findMany({ where, orderBy: { seq: "desc" }, take: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { entries: page.map(fromRow), nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  async addCheckpoint(checkpoint: Omit<AuditCheckpoint, "id">): Promise<AuditCheckpoint> {
    try {
      const row = await this.client.auditCheckpoint.create({
        data: { id: uuidV7(), size: checkpoint.size, rootHash: checkpoint.rootHash, time: new Date(checkpoint.time), note: checkpoint.note },
      });
      return fromCheckpointRow(row);
    } catch (err) {
      // Another process signed the same size first: same entries, same root; keep theirs.
      if (!isUniqueViolation(err)) throw err;
      const existing = await this.client.auditCheckpoint.findUnique({ where: { size: checkpoint.size } });
      if (!existing) throw err;
      return fromCheckpointRow(existing);
    }
  }

  async listCheckpoints(): Promise<AuditCheckpoint[]> {
    const rows = await this.client.auditCheckpoint.findMany({ orderBy: { size: "asc" } });
    return rows.map(fromCheckpointRow);
  }

  async latestCheckpoint(): Promise<AuditCheckpoint | null> {
    const row = await this.client.auditCheckpoint.findFirst({ orderBy: { size: "desc" } });
    return row ? fromCheckpointRow(row) : null;
  }
}

type RawEntryRow = Omit<EntryModel, "seq" | "time"> & { seq: number | bigint; time: Date | string };

const ENTRY_COLUMNS =
  'id, seq, time, "actorType", "actorId", "actorName", action, target, "inputDigest", input, outcome, reason, ' +
  '"clientAddress", "userAgent", "requestId", "prevHash", hash';
const ITERATE_SQL: Record<DatabaseKind, string> = {
  sqlite: `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT ?`,
  postgres: `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2`,
};

/** A DateTime column from raw SQL: a Date, or UTC text with or without an offset. */
function rawDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value.replace(" ", "T")}Z`);
}

/** Prisma's unique-constraint error, or SQLite's from the write thread (a seq or id taken). */
function isUniqueViolation(err: unknown): boolean {
  if (err instanceof SqliteWriteError) return err.code === "SQLITE_CONSTRAINT_UNIQUE" || err.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

function toRow(entry: AuditEntry): EntryModel {
  return {
    id: entry.id,
    seq: entry.seq,
    time: new Date(entry.time),
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    target: entry.target,
    inputDigest: entry.inputDigest,
    input: entry.input === null ? null : canonicalJson(entry.input),
    outcome: entry.outcome,
    reason: entry.reason,
    clientAddress: entry.clientAddress,
    userAgent: entry.userAgent,
    requestId: entry.requestId,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

/**
 * Rows are returned as stored, even with an unknown actor type or outcome (a tampered row must
 * reach the verifier, which then finds that its hash does not match).
 */
function fromRow(row: EntryModel): AuditEntry {
  return {
    seq: row.seq,
    id: row.id,
    time: row.time.toISOString(),
    actor: { type: row.actorType as AuditActorType, id: row.actorId, name: row.actorName },
    action: row.action,
    target: row.target,
    inputDigest: row.inputDigest,
    input: row.input === null ? null : parseInput(row.input),
    outcome: row.outcome as AuditOutcome,
    reason: row.reason,
    clientAddress: row.clientAddress,
    userAgent: row.userAgent,
    requestId: row.requestId,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

function parseInput(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    // Not JSON any more: hand it on as text; its digest and the entry hash will not match.
    return text;
  }
}

function fromCheckpointRow(row: CheckpointModel): AuditCheckpoint {
  return { id: row.id, size: row.size, rootHash: row.rootHash, time: row.time.toISOString(), note: row.note };
}


