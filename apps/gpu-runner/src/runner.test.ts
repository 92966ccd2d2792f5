import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunnerConfigInput } from "./config.js";
import { InlineSessionHost } from "./engine/session-host.js";
import { silentLogger } from "./logger.js";
import { createRunner, type Runner } from "./runner.js";
import { gatedHost } from "./testing/gated-host.js";
import { ensureUseLite } from "./testing/use-lite-fixture.js";

let useDir: string;
const tick = () => new Promise((r) => setImmediate(r));

function config(extra: RunnerConfigInput = {}): RunnerConfigInput {
  return { modelsDir: "/nonexistent", extraModelDirs: [useDir], autoExport: false, warmup: false, logLevel: "silent", executionProvider: "cpu", ...extra };
}

beforeAll(async () => {
  useDir = await ensureUseLite();
});

describe("runner: in-process embed API", () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner(config({ queue: { maxDepth: 4 } }), { logger: silentLogger });
  });
  afterAll(() => runner?.close());

  it("embeds texts into 512-d unit vectors, counting tokens and reporting progress", async () => {
    const progress: Array<{ done: number; total: number }> = [];
    const r = await runner.embed(["First text.", "Second, longer text about queues."], { priority: "high", onProgress: (p) => progress.push(p) });
    expect(r.model).toBe("use-lite");
    expect(r.dimension).toBe(512);
    expect(r.embeddings).toHaveLength(2);
    expect(r.embeddings[0]).toHaveLength(512);
    expect(r.tokens).toBeGreaterThan(5);
    expect(progress[progress.length - 1]).toEqual({ done: 2, total: 2 });
    const v = await runner.embedVectors(["First text."]);
    expect(Array.from(v.vectors[0] ?? [])).toEqual(r.embeddings[0]);
  });

  it("accepts the model's alias", async () => {
    const r = await runner.embed(["alias"], { model: "universal-sentence-encoder-lite" });
    expect(r.model).toBe("use-lite");
  });

  it("takes requests larger than the queue in windows", async () => {
    const texts = Array.from({ length: 11 }, (_, i) => `text number ${i}`);
    const progress: number[] = [];
    const r = await runner.embed(texts, { onProgress: (p) => progress.push(p.done) });
    expect(r.embeddings).toHaveLength(11);
    expect(progress[progress.length - 1]).toBe(11);
  });

  it("refuses bad input with typed errors that name the field", async () => {
    await expect(runner.embed([])).rejects.toMatchObject({ code: "INVALID_INPUT", param: "input" });
    await expect(runner.embed(["ok", ""])).rejects.toMatchObject({ code: "INVALID_INPUT", param: "input[1]" });
    await expect(runner.embed(["x"], { model: "nope" })).rejects.toMatchObject({ code: "MODEL_NOT_FOUND", param: "model" });
    await expect(runner.embed(["x"], { priority: "urgent" as never })).rejects.toMatchObject({ code: "INVALID_INPUT", param: "priority" });
    await expect(runner.embed(["x"], { deadlineMs: -5 })).rejects.toMatchObject({ code: "INVALID_INPUT", param: "deadlineMs" });
  });
});

describe("runner: queue, deadlines, priorities, cancel (gated compute)", () => {
  let runner: Runner;
  let gate: ReturnType<typeof gatedHost>;
  beforeAll(async () => {
    gate = gatedHost(new InlineSessionHost());
    runner = await createRunner(config({ batch: { maxBatchSize: 1 }, queue: { maxDepth: 4 } }), { logger: silentLogger, sessionHost: gate });
  });
  afterAll(() => runner?.close());

  it("refuses work beyond the queue depth at once with QueueFullError, and serves by priority", async () => {
    const order: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => order.push(name));
    const first = track("first", runner.embed(["first"]));
    await tick(); // dispatched; blocked at the gate
    const bulk = track("bulk", runner.embed(["bulk"], { priority: "bulk" }));
    const normal = track("normal", runner.embed(["normal"], { priority: "normal" }));
    const critical = track("critical", runner.embed(["critical"], { priority: "critical" }));
    const low = track("low", runner.embed(["low"], { priority: "low" }));
    const refused = runner.embed(["one too many"]);
    await expect(refused).rejects.toMatchObject({ code: "QUEUE_FULL" });
    const err = await refused.catch((e: unknown) => e);
    expect((err as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(runner.health().queue.depth).toBe(4);
    gate.open();
    await Promise.all([first, bulk, normal, critical, low]);
    expect(order).toEqual(["first", "critical", "normal", "low", "bulk"]);
    const metrics = await runner.metrics.registry.getSingleMetricAsString("gpu_runner_refusals_total");
    expect(metrics).toMatch(/reason="queue_full"} 1/);
  });
});

describe("runner: deadline and cancel drop work before compute", () => {
  it("expires a request still queued after its deadline, without computing it", async () => {
    const gate = gatedHost(new InlineSessionHost());
    const runner = await createRunner(config({ batch: { maxBatchSize: 1 } }), { logger: silentLogger, sessionHost: gate });
    try {
      const first = runner.embed(["blocker"]);
      await tick();
      const late = runner.embed(["too late"], { deadlineMs: 30 });
      await expect(late).rejects.toMatchObject({ code: "DEADLINE_EXCEEDED" });
      const controller = new AbortController();
      const cancelled = runner.embed(["cancel me"], { signal: controller.signal });
      controller.abort();
      await expect(cancelled).rejects.toMatchObject({ code: "CANCELLED" });
      gate.open();
      await first;
      expect(gate.runs).toBe(1);
      expect(runner.health().queue.depth).toBe(0);
    } finally {
      await runner.close();
    }
  });
});

describe("runner: resource manager", () => {
  it("halves the batch size above the soft limit and refuses work above the critical one", async () => {
    let rssMb = 100;
    const runner = await createRunner(config({ memory: { softLimitMb: 1000, criticalLimitMb: 2000, checkIntervalMs: 10 }, batch: { maxBatchSize: 32 } }), {
      logger: silentLogger,
      readRss: () => rssMb * 1024 * 1024,
    });
    try {
      expect(runner.health().batching.effectiveMaxBatchSize).toBe(32);
      rssMb = 1500;
      await vi.waitFor(() => expect(runner.health().memory.state).toBe("soft"));
      expect(runner.health().batching.effectiveMaxBatchSize).toBe(16);
      rssMb = 2500;
      await vi.waitFor(() => expect(runner.health().memory.state).toBe("critical"));
      await expect(runner.embed(["x"])).rejects.toMatchObject({ code: "OVERLOADED" });
      expect(runner.health().status).toBe("degraded");
      rssMb = 100;
      await vi.waitFor(() => expect(runner.health().memory.state).toBe("ok"));
      await expect(runner.embed(["x"])).resolves.toMatchObject({ dimension: 512 });
    } finally {
      await runner.close();
    }
  });
});

describe("runner: graceful shutdown", () => {
  it("stops accepting, finishes queued and computing work, then closes", async () => {
    const gate = gatedHost(new InlineSessionHost());
    const runner = await createRunner(config({ batch: { maxBatchSize: 1 } }), { logger: silentLogger, sessionHost: gate });
    const a = runner.embed(["in flight"]);
    await tick();
    const b = runner.embed(["queued"]);
    const closing = runner.close();
    await expect(runner.embed(["new"])).rejects.toMatchObject({ code: "SHUTTING_DOWN" });
    expect(runner.health().status).toBe("draining");
    gate.open();
    await expect(a).resolves.toMatchObject({ dimension: 512 });
    await expect(b).resolves.toMatchObject({ dimension: 512 });
    await closing;
    expect(runner.health().status).toBe("closed");
  });

  it("refuses what is still queued when the grace period ends", async () => {
    const gate = gatedHost(new InlineSessionHost());
    const runner = await createRunner(config({ batch: { maxBatchSize: 1 }, shutdownGraceMs: 50 }), { logger: silentLogger, sessionHost: gate });
    const a = runner.embed(["in flight"]);
    await tick();
    const b = runner.embed(["queued"]);
    const closing = runner.close();
    await expect(b).rejects.toMatchObject({ code: "SHUTTING_DOWN" });
    gate.open();
    await expect(a).resolves.toMatchObject({ dimension: 512 });
    await closing;
  });
});

describe("runner: execution providers", () => {
  it("auto falls back to CPU with the reason shown (no CUDA libraries here)", async () => {
    const runner = await createRunner(config({ executionProvider: "auto", sessionReplicas: 1 }), { logger: silentLogger });
    try {
      const h = runner.health();
      expect(h.provider.requested).toBe("auto");
      if (h.provider.active === "cpu") {
        expect(h.provider.fallback).toBe(true);
        expect(h.provider.fallbackReason).toMatch(/CUDA/);
        const gauge = await runner.metrics.registry.getSingleMetricAsString("gpu_runner_execution_provider_info");
        expect(gauge).toMatch(/provider="cpu",requested="auto",fallback_reason="CUDA[^"]*"} 1/);
      } else {
        expect(h.provider.active).toBe("cuda");
      }
    } finally {
      await runner.close();
    }
  });

  it("cuda that cannot load refuses to start with a clear error", async () => {
    const attempt = createRunner(config({ executionProvider: "cuda" }), { logger: silentLogger });
    const result = await attempt.then(
      async (r) => {
        await r.close();
        return "started";
      },
      (e: unknown) => e,
    );
    if (result === "started") return; // a machine with working CUDA
    expect(result).toMatchObject({ code: "PROVIDER_UNAVAILABLE" });
    expect(String((result as Error).message)).toMatch(/GPU_RUNNER_EP=cuda but CUDA execution provider/);
  });
});
