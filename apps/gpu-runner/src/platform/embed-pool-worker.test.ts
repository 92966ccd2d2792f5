import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createDatabase, type Database } from "@switchyard/db";
import { startTestSqlite, type TestSqlite } from "@switchyard/db/test-support/sqlite";
import { createBatchChildren, getBatch, getTask, submitBatch, submitTask } from "@switchyard/core";
import { listWorkers, Platform, readEventsSince, startWorkerRuntime } from "@switchyard/queue";
import { DEFAULT_POOLS, type TaskView } from "@switchyard/shared";
import { createHandlers } from "@switchyard/tasks";
import { silentLogger } from "../logger.js";
import { createRunner, type Runner } from "../runner.js";
import { removePrefixKeys } from "../../../../test-support/prefix-keys.js";
import { ensureUseLite } from "../testing/use-lite-fixture.js";
import { startEmbedPoolWorker, type EmbedPoolWorker } from "./embed-pool-worker.js";

// The runner as the platform's embed-pool worker, end to end: real redis-server (the run's
// shared one, a private prefix), a real SQLite file, the USE-lite model on CPU.
const redisUrl = inject("redisUrl");
const prefix = `gpu-embed-${process.pid}-${Date.now().toString(36)}`;

let sqlite: TestSqlite;
let db: Database;
let runner: Runner;
let worker: EmbedPoolWorker;
let platform: Platform;

async function finished(id: string): Promise<TaskView> {
  return vi.waitFor(
    async () => {
      const t = await getTask(platform, id);
      if (t.status !== "completed" && t.status !== "dead") throw new Error(`task ${id} is ${t.status}`);
      return t;
    },
    { timeout: 45_000, interval: 50 },
  );
}

beforeAll(async () => {
  const useDir = await ensureUseLite();
  sqlite = await startTestSqlite();
  db = await createDatabase(sqlite.url);
  await db.migrate();
  runner = await createRunner(
    {
      modelsDir: "/nonexistent",
      extraModelDirs: [useDir],
      autoExport: false,
      warmup: false,
      logLevel: "silent",
      executionProvider: "cpu",
      sessionReplicas: 1,
      batch: { maxBatchSize: 8 },
    },
    { logger: silentLogger },
  );
  worker = await startEmbedPoolWorker(
    runner,
    { redisUrl, databaseUrl: sqlite.url, prefix, poolsManifest: null, workerId: null, concurrency: null, priority: "low", shutdownGraceMs: 5_000 },
    { logger: silentLogger, progressIntervalMs: 0 },
  );
  platform = new Platform({ redisUrl, prefix, pools: DEFAULT_POOLS, db });
});

afterAll(async () => {
  await worker?.close();
  await runner?.close();
  await platform?.close();
  await db?.close();
  await removePrefixKeys(redisUrl, prefix);
  await sqlite?.stop();
});

describe("the runner as the embed pool's worker", () => {
  it("takes embed.texts from the platform queue: the runner's own embeddings, progress in the pool's event stream, history in the database", async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} about ${i % 2 ? "queues and workers" : "embeddings on a GPU"}.`);
    const { id, pool, status } = await submitTask(platform, { type: "embed.texts", payload: { texts }, priority: "high" });
    expect({ pool, status }).toEqual({ pool: "embed", status: "queued" });

    const task = await finished(id);
    expect(task.status).toBe("completed");
    const result = task.result as { model: string; dimension: number; embeddings: number[][] };
    expect(result.model).toBe("use-lite");
    expect(result.dimension).toBe(512);
    expect(result.embeddings).toHaveLength(texts.length);

    const direct = await runner.embed(texts);
    result.embeddings.forEach((v, i) => {
      const want = direct.embeddings[i]!;
      expect(v).toHaveLength(512);
      const maxDiff = Math.max(...v.map((x, j) => Math.abs(x - want[j]!)));
      expect(maxDiff, `text ${i}`).toBeLessThan(1e-5);
    });

    // Progress went through job.updateProgress: BullMQ's stream for the pool carries it,
    // between the task turning active and completing (what socket.io subscribers receive).
    const events = await readEventsSince(platform.redis, prefix, "embed", "0-0", "+", id);
    const kinds = events.map((e) => e.kind);
    expect(kinds[0]).toBe("queued");
    expect(kinds).toContain("active");
    expect(kinds[kinds.length - 1]).toBe("completed");
    const progress = events.flatMap((e) => (e.kind === "progress" && e.progress ? [e.progress] : []));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toEqual({ percent: 100, message: `${texts.length}/${texts.length} texts embedded` });
    expect(kinds.indexOf("active")).toBeLessThan(kinds.indexOf("progress"));
    expect(kinds.lastIndexOf("progress")).toBeLessThan(kinds.indexOf("completed"));

    // The history row is written by the runner's worker runtime.
    await vi.waitFor(async () => expect((await db.tasks.get(id))?.status).toBe("completed"), { timeout: 10_000 });

    // It heartbeats like any worker: one process serving only the embed pool.
    const workers = await listWorkers(platform.redis, prefix);
    expect(workers).toContainEqual(expect.objectContaining({ id: worker.runtime.id, pools: ["embed"], status: "alive" }));
    expect(worker.runtime.id).toMatch(/^gpu-runner-/);
  });

  it("honours the payload's model (an alias) and reports the model id", async () => {
    const { id } = await submitTask(platform, { type: "embed.texts", payload: { texts: ["alias test"], model: "universal-sentence-encoder-lite" } });
    const task = await finished(id);
    expect(task.status).toBe("completed");
    const result = task.result as { model: string; embeddings: number[][] };
    expect(result.model).toBe("use-lite");
    expect(result.embeddings[0]).toEqual((await runner.embed(["alias test"])).embeddings[0]);
  });

  it("an unknown model is dead after one attempt (no retries), with the runner's error", async () => {
    const { id } = await submitTask(platform, { type: "embed.texts", payload: { texts: ["x"], model: "no-such-model" } });
    const task = await finished(id);
    expect(task.status).toBe("dead");
    expect(task.attempts).toBe(1);
    expect(task.error).toMatch(/MODEL_NOT_FOUND: model "no-such-model" is not loaded/);
  });
});

describe("an embed batch of texts", () => {
  it("splits the texts into embed.texts children of chunkSize at the batch's priority; their results are the embeddings, in order", async () => {
    // A batch pool worker beside the runner's embed pool worker, on the same prefix.
    const batchWorker = await startWorkerRuntime({
      redisUrl,
      prefix,
      pools: DEFAULT_POOLS,
      poolNames: ["batch"],
      handlers: createHandlers({ probeTargets: {}, batch: { children: createBatchChildren(platform), pollMs: 50 } }),
      db,
      logger: silentLogger,
      shutdownGraceMs: 5_000,
    });
    try {
      const texts = Array.from({ length: 150 }, (_, i) => `Passage ${i} about ${i % 3 ? "harbour ferries" : "orchard pruning"}.`);
      const submitted = await submitBatch(platform, "embed.batch", { texts, chunkSize: 64 }, "high", {});
      expect(submitted).toMatchObject({ kind: "embed", priority: "high", total: 3 });
      const done = await vi.waitFor(
        async () => {
          const b = await getBatch(platform, { id: submitted.id, offset: 0, limit: 10 });
          if (b.status === "running") throw new Error(`batch is running: ${JSON.stringify(b.counts)}`);
          return b;
        },
        { timeout: 90_000, interval: 100 },
      );
      expect(done.status).toBe("completed");
      expect(done.counts.completed).toBe(3);
      expect(done.results.map((r) => r.index)).toEqual([0, 1, 2]);
      const embeddings = done.results.flatMap((r) => (r.result as { embeddings: number[][] }).embeddings);
      expect(done.results.map((r) => (r.result as { embeddings: number[][] }).embeddings.length)).toEqual([64, 64, 22]);
      // The children's vectors are the runner's own for the same texts, in input order.
      const direct = await runner.embed([texts[0]!, texts[100]!, texts[149]!]);
      for (const [k, i] of [0, 100, 149].entries()) {
        const maxDiff = Math.max(...embeddings[i]!.map((x, j) => Math.abs(x - direct.embeddings[k]![j]!)));
        expect(maxDiff, `text ${i}`).toBeLessThan(1e-5);
      }
      const child = await getTask(platform, done.results[2]!.taskId);
      expect([child.type, child.priority, child.pool]).toEqual(["embed.texts", "high", "embed"]);
    } finally {
      await batchWorker.close();
    }
  });
});
