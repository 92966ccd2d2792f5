import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher.js";
import { RequestQueue } from "./request-queue.js";

function setup(
  options: { maxBatch?: number; delayMs?: number; gatherMs?: number; gatherBatch?: number; maxInFlight?: number; accept?: (n: number) => boolean } = {},
) {
  const queue = new RequestQueue<number>({ maxDepth: 1000, agingMs: 10_000, onExpired: () => {} });
  const batches: number[][] = [];
  let release: (() => void) | null = null;
  let gate: Promise<void> | null = null;
  const batcher = new Batcher<number>({
    queue,
    maxBatchSize: () => options.maxBatch ?? 64,
    maxQueueDelayMs: options.delayMs ?? 0,
    ...(options.gatherMs !== undefined ? { gatherMs: options.gatherMs } : {}),
    ...(options.gatherBatch !== undefined ? { gatherBatchSize: options.gatherBatch } : {}),
    maxInFlight: options.maxInFlight ?? 1,
    ...(options.accept ? { accept: (_e: unknown, b: ReadonlyArray<unknown>) => (options.accept as (n: number) => boolean)(b.length + 1) } : {}),
    execute: async (batch) => {
      batches.push(batch.map((e) => e.item));
      if (gate) await gate;
      return () => {};
    },
    onError: () => {},
  });
  const add = (...items: number[]) => {
    queue.tryEnqueue(items.map((item) => ({ item, priority: "normal" as const, deadlineAt: Number.MAX_SAFE_INTEGER, groupKey: "g" })));
    batcher.notify();
  };
  return {
    queue,
    batcher,
    batches,
    add,
    hold: () => {
      gate = new Promise<void>((r) => (release = r));
    },
    release: () => {
      gate = null;
      release?.();
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

/** Batch [1] starts and stays computing; then request 2 arrives while a second slot is free. */
async function oneComputingThenTwo(t: ReturnType<typeof setup>): Promise<void> {
  t.hold();
  t.add(1);
  await tick();
  t.add(2);
  await tick();
}

describe("Batcher", () => {
  it("dispatches at once when idle (a lone request is not held back)", async () => {
    const t = setup();
    t.add(1);
    await t.batcher.whenIdle();
    expect(t.batches).toEqual([[1]]);
  });

  it("joins requests that arrive in the same event-loop turn", async () => {
    const t = setup();
    t.add(1);
    t.add(2);
    t.add(3);
    await t.batcher.whenIdle();
    expect(t.batches).toEqual([[1, 2, 3]]);
  });

  it("gathers while busy: what arrives during a batch forms the next one", async () => {
    const t = setup();
    t.hold();
    t.add(1);
    await tick();
    expect(t.batches).toEqual([[1]]);
    t.add(2);
    t.add(3);
    await tick();
    t.add(4);
    await tick();
    expect(t.batches).toHaveLength(1);
    t.release();
    await t.batcher.whenIdle();
    expect(t.batches).toEqual([[1], [2, 3, 4]]);
  });

  it("respects the max batch size and the accept rule (token budget)", async () => {
    const t = setup({ maxBatch: 2 });
    t.add(1, 2, 3, 4, 5);
    await t.batcher.whenIdle();
    expect(t.batches).toEqual([[1, 2], [3, 4], [5]]);
    const u = setup({ accept: (n) => n <= 3 });
    u.add(1, 2, 3, 4, 5, 6, 7);
    await u.batcher.whenIdle();
    expect(u.batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it("with a max queue delay, waits for more before dispatching a partial batch", async () => {
    const t = setup({ delayMs: 200, maxBatch: 4 });
    t.add(1);
    await tick();
    await tick();
    expect(t.batches).toEqual([]);
    t.add(2, 3, 4);
    await t.batcher.whenIdle();
    expect(t.batches).toEqual([[1, 2, 3, 4]]);
  });

  it("runs up to maxInFlight batches at once", async () => {
    const t = setup({ maxInFlight: 2, maxBatch: 1 });
    t.hold();
    t.add(1, 2, 3);
    await tick();
    expect(t.batches).toEqual([[1], [2]]);
    expect(t.batcher.batchesInFlight).toBe(2);
    t.release();
    await t.batcher.whenIdle();
    expect(t.batches).toEqual([[1], [2], [3]]);
  });

  it("while one batch computes, gathers late arrivals for a free slot instead of running them one by one", async () => {
    const t = setup({ maxInFlight: 2, gatherMs: 30, gatherBatch: 3 });
    await oneComputingThenTwo(t); // [1] went at once (idle)
    t.add(3);
    await tick();
    // A slot is free, but batch [1] still computes: 2 and 3 wait for a third request or 30 ms.
    expect(t.batches).toEqual([[1]]);
    t.add(4);
    await tick();
    expect(t.batches).toEqual([[1], [2, 3, 4]]);
    t.release();
    await t.batcher.whenIdle();
  });

  it("ends the gather window after gatherMs when too few requests arrive", async () => {
    const t = setup({ maxInFlight: 2, gatherMs: 30, gatherBatch: 8 });
    await oneComputingThenTwo(t);
    expect(t.batches).toEqual([[1]]);
    await new Promise((r) => setTimeout(r, 60));
    // No request waits forever for company.
    expect(t.batches).toEqual([[1], [2]]);
    t.release();
    await t.batcher.whenIdle();
  });

  it("dispatches gathered requests as soon as the computing batch ends", async () => {
    const t = setup({ maxInFlight: 2, gatherMs: 10_000, gatherBatch: 50 });
    await oneComputingThenTwo(t);
    expect(t.batches).toEqual([[1]]);
    // Batch [1] ends: nothing computes now, so the waiting request goes at once.
    t.release();
    await t.batcher.whenIdle();
    expect(t.batches).toEqual([[1], [2]]);
  });

  it("splits queued requests between free slots so no replica idles beside a full one", async () => {
    const t = setup({ maxInFlight: 2 });
    t.hold();
    t.add(1, 2, 3, 4, 5);
    await tick();
    expect(t.batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    t.release();
    await t.batcher.whenIdle();
  });
});
