import type { TaskFinishState, TaskHistoryRepo, TaskPage, TaskRow } from "@switchyard/db";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HistoryWriter, mergeRows } from "./history-writer.js";

let seq = 0;
function row(overrides: Partial<TaskRow> = {}): TaskRow {
  const at = new Date("2025-05-01T00:00:00.000Z");
  return {
    id: `task-${String(seq++).padStart(6, "0")}`,
    type: "diagnostic.noop",
    pool: "batch",
    priority: "normal",
    status: "queued",
    payload: { n: 1 },
    result: null,
    error: null,
    progress: null,
    attempts: 0,
    version: 0,
    createdAt: at,
    startedAt: null,
    finishedAt: null,
    updatedAt: at,
    attemptLog: null,
    ...overrides,
  };
}

/** A repo that records each upsertMany call; a call can be held open or made to fail. */
class FakeRepo implements TaskHistoryRepo {
  readonly calls: TaskRow[][] = [];
  readonly stored = new Map<string, TaskRow>();
  inFlight = 0;
  maxInFlight = 0;
  failNext = 0;
  private gate: Promise<void> | null = null;
  private openGate: () => void = () => undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }
  release(): void {
    this.gate = null;
    this.openGate();
  }

  async upsertMany(rows: readonly TaskRow[]): Promise<void> {
    this.calls.push([...rows]);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.gate) await this.gate;
      if (this.failNext > 0) {
        this.failNext--;
        throw new Error("database is locked");
      }
      for (const r of rows) {
        const prev = this.stored.get(r.id);
        this.stored.set(r.id, prev ? mergeRows(prev, r) : r);
      }
    } finally {
      this.inFlight--;
    }
  }
  get(id: string): Promise<TaskRow | null> {
    return Promise.resolve(this.stored.get(id) ?? null);
  }
  getMany(ids: readonly string[]): Promise<TaskRow[]> {
    return Promise.resolve(ids.flatMap((id) => this.stored.get(id) ?? []));
  }
  getFinishStates(ids: readonly string[]): Promise<TaskFinishState[]> {
    return Promise.resolve(ids.flatMap((id) => this.stored.get(id) ?? []));
  }
  list(): Promise<TaskPage> {
    return Promise.resolve({ items: [], nextCursor: null });
  }
  countByStatus(): Promise<Record<string, number>> {
    return Promise.resolve({});
  }
  deleteFinished(): Promise<string[]> {
    return Promise.resolve([]);
  }
  deleteFinishedBefore(): Promise<number> {
    return Promise.resolve(0);
  }
  catchUpSearchIndex(): Promise<number> {
    return Promise.resolve(0);
  }
  searchIndexing(): Promise<boolean> {
    return Promise.resolve(false);
  }
  setSearchIndexing(): Promise<void> {
    return Promise.resolve();
  }
}

const settle = () => new Promise((r) => setImmediate(r));

describe("HistoryWriter", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes rows recorded within the interval as one batch, newest version per task", async () => {
    vi.useFakeTimers();
    const repo = new FakeRepo();
    const writer = new HistoryWriter(repo, { flushIntervalMs: 100 });
    const a = row();
    const log = [{ attempt: 1, run: 1, error: "x", workerId: null, startedAt: null, finishedAt: "2025-05-01T00:00:01.000Z" }];
    writer.record(a);
    writer.record({ ...a, status: "retrying", version: 13, payload: null, attemptLog: log });
    writer.recordMany([{ ...a, status: "active", version: 21, payload: null, attemptLog: null }, row()]);
    expect(writer.pending).toBe(2);
    expect(repo.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(repo.calls).toHaveLength(1);
    expect(repo.calls[0]?.find((r) => r.id === a.id)).toEqual({ ...a, status: "active", version: 21, attemptLog: log });
    expect(writer.pending).toBe(0);
  });

  it("runs one write at a time; rows recorded meanwhile go out together right after it", async () => {
    const repo = new FakeRepo();
    const writer = new HistoryWriter(repo, { flushIntervalMs: 10_000, maxBatch: 100 });
    repo.hold();
    writer.recordMany(Array.from({ length: 100 }, () => row()));
    await settle();
    expect(repo.calls).toHaveLength(1);
    // Thousands of records while the write is held: every one finds the buffer full.
    for (let i = 0; i < 5_000; i++) writer.record(row());
    await settle();
    expect(repo.calls).toHaveLength(1);
    expect(writer.pending).toBe(5_000);
    repo.release();
    await vi.waitFor(() => expect(writer.pending).toBe(0));
    await writer.flush();
    expect(repo.calls.map((c) => c.length)).toEqual([100, 5_000]);
    expect(repo.maxInFlight).toBe(1);
    expect(repo.stored.size).toBe(5_100);
  });

  it("idle() writes at once, and rows recorded during a running write go out when it ends", async () => {
    const repo = new FakeRepo();
    // An interval no test waits out: only idle() can start these writes.
    const writer = new HistoryWriter(repo, { flushIntervalMs: 3_600_000, maxBatch: 1_000 });
    writer.idle(); // nothing buffered: no empty write
    writer.record(row());
    await settle();
    expect(repo.calls).toHaveLength(0);
    repo.hold();
    writer.idle();
    await settle();
    expect(repo.calls.map((c) => c.length)).toEqual([1]);
    writer.recordMany([row(), row()]);
    writer.idle();
    await settle();
    expect(repo.calls).toHaveLength(1); // one write at a time
    repo.release();
    await vi.waitFor(() => expect(repo.calls.map((c) => c.length)).toEqual([1, 2]));
    expect(repo.maxInFlight).toBe(1);
    expect(writer.pending).toBe(0);
    await writer.close();
  });

  it("keeps the rows of a failed write and retries after a delay, newer versions winning", async () => {
    vi.useFakeTimers();
    const repo = new FakeRepo();
    const errors: number[] = [];
    const writer = new HistoryWriter(repo, { flushIntervalMs: 100, maxBatch: 10, onError: (_err, rows) => errors.push(rows) });
    repo.failNext = 1;
    const a = row();
    writer.recordMany([a, ...Array.from({ length: 9 }, () => row())]);
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([10]);
    expect(writer.pending).toBe(10);
    // A newer version recorded after the failure replaces the one put back.
    writer.record({ ...a, status: "completed", version: 12 });
    // Full buffer, but the retry waits out its delay (1 s) instead of hammering the database.
    for (let i = 0; i < 20; i++) writer.record(row());
    await vi.advanceTimersByTimeAsync(900);
    expect(repo.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(repo.calls).toHaveLength(2);
    expect(repo.stored.get(a.id)).toMatchObject({ status: "completed", version: 12, payload: a.payload });
    expect(repo.stored.size).toBe(30);
    expect(writer.pending).toBe(0);
  });

  it("flush() resolves once everything recorded before it is stored; close() writes the rest", async () => {
    const repo = new FakeRepo();
    const writer = new HistoryWriter(repo, { flushIntervalMs: 60_000 });
    const rows = Array.from({ length: 50 }, () => row());
    writer.recordMany(rows.slice(0, 25));
    await writer.flush();
    expect(repo.stored.size).toBe(25);
    repo.failNext = 1;
    writer.recordMany(rows.slice(25));
    await writer.close();
    expect([...repo.stored.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
    expect(writer.pending).toBe(0);
  });

  it("builds a deferred row only when nothing newer for that task was recorded before the write", async () => {
    vi.useFakeTimers();
    const repo = new FakeRepo();
    const writer = new HistoryWriter(repo, { flushIntervalMs: 100 });
    const finished = row({ status: "queued" });
    const running = row({ status: "queued" });
    writer.recordMany([finished, running]);
    let built = 0;
    const active = (r: TaskRow) => () => {
      built++;
      return { ...r, status: "active", version: 21, payload: null };
    };
    writer.recordDeferred(finished.id, active(finished));
    writer.recordDeferred(running.id, active(running));
    // The short task completes within the interval: its deferred row is never built.
    writer.record({ ...finished, status: "completed", version: 22, payload: null, result: { ok: true } });
    expect(writer.pending).toBe(3);
    await vi.advanceTimersByTimeAsync(100);
    expect(built).toBe(1);
    expect(repo.calls).toHaveLength(1);
    expect(repo.stored.get(finished.id)).toMatchObject({ status: "completed", version: 22, payload: finished.payload });
    expect(repo.stored.get(running.id)).toMatchObject({ status: "active", version: 21, payload: running.payload });
    // A deferred row alone schedules a write too, and close() writes what is still deferred.
    const late = row({ status: "active", version: 21 });
    writer.recordDeferred(late.id, () => late);
    await vi.advanceTimersByTimeAsync(100);
    expect(repo.stored.get(late.id)?.status).toBe("active");
    const last = row({ status: "active", version: 21 });
    writer.recordDeferred(last.id, () => last);
    await writer.close();
    expect(repo.stored.get(last.id)?.status).toBe("active");
    expect(writer.pending).toBe(0);
  });
});

describe("mergeRows", () => {
  it("keeps payload, startedAt and attemptLog from the older row when the newer lacks them", () => {
    const started = new Date("2025-05-01T00:00:01.000Z");
    const log = [{ attempt: 1, run: 1, error: "x", workerId: "w", startedAt: null, finishedAt: "2025-05-01T00:00:02.000Z" }];
    const older = row({ status: "retrying", version: 13, startedAt: started, attemptLog: log });
    const newer = { ...older, status: "completed", version: 22, payload: null, startedAt: null, attemptLog: null };
    expect(mergeRows(newer, older)).toEqual({ ...newer, payload: older.payload, startedAt: started, attemptLog: log });
    expect(mergeRows(older, newer)).toEqual(mergeRows(newer, older));
  });
});
