import type { TaskHistoryRepo, TaskRow } from "@switchyard/db";

export interface HistoryWriterOptions {
  /** How long a state change may wait before it is written. */
  flushIntervalMs?: number;
  /** Flush at once when this many rows are buffered. */
  maxBatch?: number;
  onError?: (err: unknown, rows: number) => void;
}

/**
 * Buffers task state changes and writes them in batches, so history costs one
 * statement per few thousand changes instead of one per change. Rows for the same
 * task merge in memory (only the newest version is written). A failed write keeps
 * its rows and is retried: history is never silently dropped.
 *
 * One write runs at a time. Rows recorded while it runs wait in the buffer and go out
 * together as soon as it ends, so a slow database makes batches bigger, not more numerous.
 */
export class HistoryWriter {
  private buffer = new Map<string, TaskRow>();
  /** Rows built only if still wanted when a write starts (see recordDeferred). */
  private deferred = new Map<string, () => TaskRow | null>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** After a failed write, automatic writes wait until then (explicit flush() calls do not). */
  private retryAt = 0;
  /** Set by idle(): the rows recorded meanwhile go out as soon as the running write ends. */
  private writeWhenDone = false;
  private closed = false;
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly repo: TaskHistoryRepo,
    private readonly options: HistoryWriterOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
    this.maxBatch = options.maxBatch ?? 2_000;
  }

  /** Rows recorded and not yet handed to a write. */
  get pending(): number {
    return this.buffer.size + this.deferred.size;
  }

  /** null (rowFromJob's answer for a job that is not a task) records nothing. */
  record(row: TaskRow | null): void {
    if (!row) return;
    this.deferred.delete(row.id);
    const prev = this.buffer.get(row.id);
    this.buffer.set(row.id, prev ? mergeRows(prev, row) : row);
    this.afterRecord();
  }

  recordMany(rows: readonly TaskRow[]): void {
    for (const row of rows) {
      this.deferred.delete(row.id);
      const prev = this.buffer.get(row.id);
      this.buffer.set(row.id, prev ? mergeRows(prev, row) : row);
    }
    this.afterRecord();
  }

  /**
   * A state that a later record() of the same task supersedes, built only if none came before
   * the next write starts. The worker records "active" this way: a short task's "completed"
   * arrives within the same flush interval, and building a row it would replace is wasted work.
   */
  recordDeferred(id: string, build: () => TaskRow | null): void {
    this.deferred.set(id, build);
    this.afterRecord();
  }

  /**
   * The source has nothing in flight (a worker's last running task just ended): write now instead
   * of waiting out the interval, so history is current as soon as load stops. Under load the
   * source is rarely idle and rows still go out in batches; one write runs at a time either way.
   */
  idle(): void {
    if (this.pending === 0) return;
    this.writeWhenDone = true;
    this.flushSoon();
  }

  /** Write everything buffered so far; resolves when it is in the database. */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.flushing) await this.flushing;
    this.buildDeferred();
    if (this.buffer.size === 0) return;
    const rows = [...this.buffer.values()];
    this.buffer = new Map();
    this.writeWhenDone = false;
    this.flushing = this.write(rows).finally(() => {
      this.flushing = null;
      this.afterWrite();
    });
    await this.flushing;
  }

  async close(): Promise<void> {
    this.closed = true;
    // Keep trying briefly: losing history on shutdown is what we most want to avoid.
    for (let i = 0; i < 5 && (this.pending > 0 || this.flushing); i++) {
      await this.flush();
    }
    this.clearTimer();
  }

  private buildDeferred(): void {
    if (this.deferred.size === 0) return;
    for (const build of this.deferred.values()) {
      const row = build();
      if (!row) continue;
      const prev = this.buffer.get(row.id);
      this.buffer.set(row.id, prev ? mergeRows(prev, row) : row);
    }
    this.deferred = new Map();
  }

  private afterRecord(): void {
    if (this.pending >= this.maxBatch) this.flushSoon();
    else this.schedule(this.flushIntervalMs);
  }

  /**
   * Starts a write now, unless one is running (it calls back here when it ends) or a failed
   * write is waiting out its retry delay. Called on every record once the buffer is full, so
   * it must not queue a flush() per call.
   */
  private flushSoon(): void {
    if (this.flushing || this.closed) return;
    const wait = this.retryAt - Date.now();
    if (wait > 0) {
      this.schedule(wait);
      return;
    }
    void this.flush();
  }

  private afterWrite(): void {
    if (this.pending === 0 || this.closed) return;
    if (this.pending >= this.maxBatch || this.writeWhenDone) this.flushSoon();
    else this.schedule(Math.max(this.flushIntervalMs, this.retryAt - Date.now()));
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushSoon();
    }, delayMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private async write(rows: TaskRow[]): Promise<void> {
    try {
      await this.repo.upsertMany(rows);
      this.retryAt = 0;
    } catch (err) {
      this.options.onError?.(err, rows.length);
      // Put the rows back (newer buffered versions win) and retry later.
      for (const row of rows) {
        const newer = this.buffer.get(row.id);
        this.buffer.set(row.id, newer ? mergeRows(row, newer) : row);
      }
      this.retryAt = Date.now() + Math.max(this.flushIntervalMs * 10, 1_000);
      // afterWrite() schedules the retry; a timer set meanwhile may be too early.
      this.clearTimer();
    }
  }
}

/** The newer version wins; fields it doesn't know are kept from the older row. */
export function mergeRows(a: TaskRow, b: TaskRow): TaskRow {
  const [older, newer] = b.version >= a.version ? [a, b] : [b, a];
  const submittedBy = older.submittedBy ?? newer.submittedBy;
  const listedFor = older.listedFor ?? newer.listedFor;
  return {
    ...newer,
    payload: newer.payload ?? older.payload,
    createdAt: older.createdAt < newer.createdAt ? older.createdAt : newer.createdAt,
    startedAt: newer.startedAt ?? older.startedAt,
    attemptLog: newer.attemptLog ?? older.attemptLog,
    ...(submittedBy ? { submittedBy } : {}),
    ...(listedFor ? { listedFor } : {}),
  };
}
