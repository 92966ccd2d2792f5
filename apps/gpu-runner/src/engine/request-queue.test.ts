import { describe, expect, it } from "vitest";
import { RequestQueue, type QueueEntry } from "./request-queue.js";

function makeQueue(opts: { maxDepth?: number; agingMs?: number } = {}) {
  let now = 0;
  const expired: string[] = [];
  const q = new RequestQueue<string>({
    maxDepth: opts.maxDepth ?? 100,
    agingMs: opts.agingMs ?? 1000,
    now: () => now,
    onExpired: (e: QueueEntry<string>) => expired.push(e.item),
  });
  return {
    q,
    expired,
    advance: (ms: number) => (now += ms),
    add: (item: string, priority: "critical" | "high" | "normal" | "low" | "bulk", group = "g", deadline = 1e12) =>
      q.tryEnqueue([{ item, priority, deadlineAt: deadline, groupKey: group }]),
  };
}

const items = (b: Array<QueueEntry<string>>) => b.map((e) => e.item);

describe("RequestQueue", () => {
  it("serves higher priorities first and FIFO within a priority", () => {
    const { q, add } = makeQueue();
    add("bulk-1", "bulk");
    add("normal-1", "normal");
    add("critical-1", "critical");
    add("normal-2", "normal");
    add("high-1", "high");
    add("low-1", "low");
    expect(items(q.takeBatch(100))).toEqual(["critical-1", "high-1", "normal-1", "normal-2", "low-1", "bulk-1"]);
    expect(q.depth).toBe(0);
  });

  it("refuses what does not fit, all or nothing", () => {
    const { q, add } = makeQueue({ maxDepth: 3 });
    expect(add("a", "normal")).not.toBeNull();
    expect(q.tryEnqueue([0, 1, 2].map((i) => ({ item: `b${i}`, priority: "normal" as const, deadlineAt: 1e12, groupKey: "g" })))).toBeNull();
    expect(q.depth).toBe(1);
    expect(q.tryEnqueue([0, 1].map((i) => ({ item: `c${i}`, priority: "normal" as const, deadlineAt: 1e12, groupKey: "g" })))).toHaveLength(2);
    expect(q.depth).toBe(3);
    // force: later windows of an admitted request
    expect(q.tryEnqueue([{ item: "d", priority: "normal", deadlineAt: 1e12, groupKey: "g" }], true)).toHaveLength(1);
    expect(q.depth).toBe(4);
  });

  it("ages waiting entries up one level per period so bulk work is not starved", () => {
    const { q, add, advance } = makeQueue({ agingMs: 1000 });
    add("old-bulk", "bulk");
    advance(999);
    add("new-low", "low");
    expect(q.age()).toBe(0);
    advance(1);
    expect(q.age()).toBe(1);
    expect(q.depthByPriority()).toMatchObject({ low: 2, bulk: 0 });
    advance(1000);
    q.age(); // old-bulk → normal, new-low → normal
    advance(1000);
    q.age(); // both → high
    add("fresh-normal", "normal");
    const batch = q.takeBatch(10);
    // A promoted entry joins the tail of the level above (old-bulk reached "low" after
    // new-low was already there); both now go before newer normal work.
    expect(items(batch)).toEqual(["new-low", "old-bulk", "fresh-normal"]);
    expect(batch[1]?.priority).toBe("bulk");
    expect(batch[1]?.level).toBe(1);
  });

  it("drops expired entries before they are taken and reports them", () => {
    const { q, add, advance, expired } = makeQueue();
    add("soon", "high", "g", 50);
    add("later", "normal", "g", 500);
    advance(100);
    expect(items(q.takeBatch(10))).toEqual(["later"]);
    expect(expired).toEqual(["soon"]);
    add("x", "normal", "g", 150);
    advance(100);
    expect(q.expire()).toBe(1);
    expect(expired).toEqual(["soon", "x"]);
    expect(q.depth).toBe(0);
  });

  it("batches only entries of the head's group, up to the slot limit and accept rule", () => {
    const { q, add } = makeQueue();
    add("a16", "normal", "m|16");
    add("b128", "critical", "m|128");
    add("c16", "normal", "m|16");
    add("d128", "low", "m|128");
    add("e128", "low", "m|128");
    expect(items(q.takeBatch(2))).toEqual(["b128", "d128"]);
    expect(items(q.takeBatch(10, (_e, batch) => batch.length < 1))).toEqual(["a16"]);
    expect(items(q.takeBatch(10))).toEqual(["c16"]);
    expect(items(q.takeBatch(10))).toEqual(["e128"]);
  });

  it("counts multi-slot entries (tensor rows) against depth and batch size", () => {
    const { q } = makeQueue({ maxDepth: 10 });
    q.tryEnqueue([{ item: "r6", priority: "normal", deadlineAt: 1e12, groupKey: "t", slots: 6 }]);
    q.tryEnqueue([{ item: "r3", priority: "normal", deadlineAt: 1e12, groupKey: "t", slots: 3 }]);
    expect(q.hasRoom(2)).toBe(false);
    expect(items(q.takeBatch(8))).toEqual(["r6"]);
    // An entry larger than the batch limit still goes (alone), it is never starved.
    const big = makeQueue({ maxDepth: 100 });
    big.q.tryEnqueue([{ item: "huge", priority: "normal", deadlineAt: 1e12, groupKey: "t", slots: 50 }]);
    expect(items(big.q.takeBatch(8))).toEqual(["huge"]);
  });

  it("drainAll and remove take entries out", () => {
    const { q, add } = makeQueue();
    const [e] = add("a", "normal") ?? [];
    add("b", "bulk");
    expect(e && q.remove(e)).toBe(true);
    expect(e && q.remove(e)).toBe(false);
    expect(items(q.drainAll())).toEqual(["b"]);
    expect(q.depth).toBe(0);
  });
});
