import { afterEach, describe, expect, inject, it } from "vitest";
import { ConflictError, NotFoundError, ValidationError } from "@switchyard/shared";
import { createLoadTestRegistry, type LoadTestRegistry } from "./load-test-registry.js";
import { NOOP_HANDLERS, startLoadTestBed, type LoadTestBed } from "../../../../test-support/load-test-bed.js";

let bed: LoadTestBed | undefined;
let registry: LoadTestRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
  await bed?.close();
  bed = undefined;
});

describe("load-test registry", () => {
  it("runs one load test at a time in the background and keeps its report", async () => {
    bed = await startLoadTestBed(inject("redisUrl"));
    await bed.startWorker(NOOP_HANDLERS);
    registry = createLoadTestRegistry(bed.platform, { run: { progressIntervalMs: 20 } });

    const first = registry.start({ count: 200, ratePerSecond: 1_000 });
    expect(first).toMatchObject({ status: "running", submitted: 0, finishedAt: null, spec: { count: 200, pool: "batch" } });
    expect(registry.get(first.id).status).toBe("running");

    // A second start while the first runs: a conflict naming the running one.
    let conflict: unknown;
    try {
      registry.start({ count: 10 });
    } catch (err) {
      conflict = err;
    }
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ code: "CONFLICT", details: { runningId: first.id } });
    // A bad spec is a validation error whatever is running.
    expect(() => registry?.start({ count: 100_001 })).toThrow(ValidationError);

    // Live figures while it runs (200 tasks at 1,000/s last at least 200 ms after the first
    // submission; how soon that comes depends on the machine's load, so poll for it).
    await expect.poll(() => registry?.get(first.id).submitted, { timeout: 10_000, interval: 5 }).toBeGreaterThan(0);
    expect(registry.get(first.id).status).toBe("running");

    const final = await registry.wait(first.id);
    expect(final).toMatchObject({ id: first.id, status: "completed", submitted: 200, completed: 200 });
    expect(registry.get(first.id)).toEqual(final);
    expect(registry.list()).toEqual([final]);

    // Free again: the next one starts, and lists first.
    const second = registry.start({ count: 20, priorities: ["critical"] });
    await registry.wait(second.id);
    expect(registry.list().map((r) => [r.id, r.status])).toEqual([
      [second.id, "completed"],
      [first.id, "completed"],
    ]);
    expect(() => registry?.get("01a206cc-0000-7000-8000-000000000000")).toThrow(NotFoundError);
  });

  it("keeps only the newest reports", async () => {
    bed = await startLoadTestBed(inject("redisUrl"));
    await bed.startWorker(NOOP_HANDLERS);
    registry = createLoadTestRegistry(bed.platform, { keep: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = registry.start({ count: 2 });
      ids.push(r.id);
      await registry.wait(r.id);
    }
    expect(registry.list().map((r) => r.id)).toEqual(ids.slice(2).reverse());
    expect(() => registry?.get(ids[0] ?? "")).toThrow(NotFoundError);
  });

  it("times a run out without workers, and close() aborts a running one", async () => {
    bed = await startLoadTestBed(inject("redisUrl"));
    registry = createLoadTestRegistry(bed.platform);
    const short = registry.start({ count: 10, timeoutMs: 300 });
    expect(await registry.wait(short.id)).toMatchObject({ status: "timed-out", submitted: 10, completed: 0 });

    const long = registry.start({ count: 10, timeoutMs: 60_000 });
    await registry.close();
    // Aborted, not waited out: a run that reached its timeout would say "timed-out".
    expect(registry.get(long.id)).toMatchObject({ status: "failed", error: expect.stringContaining("aborted") });
    expect(() => registry?.start({ count: 1 })).toThrow(ConflictError);
  });
});
