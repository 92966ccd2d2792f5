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
 */
export class HistoryWriter {
  private buffer = new Map<string, TaskRow>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
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

  get pending(): number {
    return this.buffer.size;
  }

  record(row: TaskRow): void {
    const prev = this.buffer.get(row.id);
    this.buffer.set(row.id, prev ? mergeRows(prev, row) : row);
    if (this.buffer.size >= this.maxBatch) void this.flush();
    else this.schedule();
  }

  recordMany(rows: readonly TaskRow[]): void {
    for (const row of rows) {
      const prev = this.buffer.get(row.id);
      this.buffer.set(row.id, prev ? mergeRows(prev, row) : row);
    }
    if (this.buffer.size >= this.maxBatch) void this.flush();
    else this.schedule();
  }

  /** Write everything buffered so far; resolves when it is in the database. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.flushing) await this.flushing;
    if (this.buffer.size === 0) return;
    const rows = [...this.buffer.values()];
    this.buffer = new Map();
    this.flushing = this.write(rows).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  async close(): Promise<void> {
    this.closed = true;
    // Keep trying briefly: losing history on shutdown is what we most want to avoid.
    for (let i = 0; i < 5 && (this.buffer.size > 0 || this.flushing); i++) {
      await this.flush();
    }
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.flushIntervalMs);
    this.timer.unref?.();
  }

  private async write(rows: TaskRow[]): Promise<void> {
    try {
      await this.repo.upsertMany(rows);
    } catch (err) {
      this.options.onError?.(err, rows.length);
      // Put the rows back (newer buffered versions win) and retry later.
      for (const row of rows) {
        const newer = this.buffer.get(row.id);
        this.buffer.set(row.id, newer ? mergeRows(row, newer) : row);
      }
      if (!this.closed) {
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.flush();
        }, Math.max(this.flushIntervalMs * 10, 1_000));
        this.timer.unref?.();
      }
    }
  }
}

/** The newer version wins; fields it doesn't know are kept from the older row. */
export function mergeRows(a: TaskRow, b: TaskRow): TaskRow {
  const [older, newer] = b.version >= a.version ? [a, b] : [b, a];
  return {
    ...newer,
    payload: newer.payload ?? older.payload,
    createdAt: older.createdAt < newer.createdAt ? older.createdAt : newer.createdAt,
    startedAt: newer.startedAt ?? older.startedAt,
    attemptLog: newer.attemptLog ?? older.attemptLog,
  };
}
