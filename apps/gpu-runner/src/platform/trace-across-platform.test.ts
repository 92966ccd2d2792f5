import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, type Database } from "@switchyard/db";
import { startTracing, type Tracing } from "@switchyard/observability";
import { closeRedis, createRedis, startWorkerRuntime, type WorkerRuntime } from "@switchyard/queue";
import { createHandlers } from "@switchyard/tasks";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-node";
import { startTestEmbeddingRunner, type TestEmbeddingRunner } from "../../../../test-support/embedding-runner.js";
import { eventually, startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";
import { silentLogger } from "../logger.js";
import { startEmbedPoolWorker, type EmbedPoolWorker } from "./embed-pool-worker.js";

// One trace from the API through the queue into the GPU runner, in one process over the real
// services: the platform harness's web server (REST), real redis-server and SQLite, the real
// runner (USE-lite on CPU) both as the embed pool's worker (embed.texts, in process) and as an
// HTTP server that a worker's diagnostic.probe calls through the platform's embedding client.
const redisUrl = inject("redisUrl");
let p: TestPlatform;
let runner: TestEmbeddingRunner;
let embedPool: EmbedPoolWorker;
let worker: WorkerRuntime;
let db: Database;
let tracing: Tracing | null = null;

beforeAll(async () => {
  runner = await startTestEmbeddingRunner();
  p = await startTestPlatform({ redisUrl });
  embedPool = await startEmbedPoolWorker(
    runner.server.runner,
    { redisUrl, databaseUrl: p.databaseUrl, prefix: p.prefix, poolsManifest: null, workerId: null, concurrency: null, priority: "low", shutdownGraceMs: 5_000 },
    { logger: silentLogger, progressIntervalMs: 0 },
  );
  // The worker process's shape: diagnostic.probe reaches the runner over HTTP with the embedding client.
  db = await createDatabase(p.databaseUrl);
  worker = await startWorkerRuntime({
    redisUrl,
    prefix: p.prefix,
    pools: p.pools,
    poolNames: ["maintenance"],
    handlers: createHandlers({ probeTargets: {}, embeddings: runner.client }),
    db,
    logger: silentLogger,
    shutdownGraceMs: 5_000,
  });
}, 180_000);

afterAll(async () => {
  await tracing?.shutdown();
  await worker?.close();
  await embedPool?.close();
  await db?.close();
  await p?.close();
  await runner?.close();
});

async function submit(type: string, payload: unknown): Promise<string> {
  const res = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type, payload }) });
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function completed(id: string): Promise<void> {
  await eventually(async () => {
    const t = (await (await p.api(`/api/v1/tasks/${id}`)).json()) as { status: string; error: string | null };
    if (t.status === "dead") throw new Error(`task ${id} died: ${t.error}`);
    return t.status === "completed";
  }, 60_000, `task ${id} to complete`);
}

/** The job's data as stored in Redis (what the worker reads). */
async function jobData(pool: string, id: string): Promise<Record<string, unknown>> {
  const redis = createRedis(redisUrl, "test:job-data");
  try {
    const raw = await redis.hget(`${p.prefix}:{${pool}}:${id}`, "data");
    return JSON.parse(raw ?? "null") as Record<string, unknown>;
  } finally {
    await closeRedis(redis);
  }
}

const EMBED = { type: "embed.texts", payload: { texts: ["lighthouse keepers polish the lens", "pear trees are pruned in winter"] } };
const PROBE = { type: "diagnostic.probe", payload: { dependency: "gpu-runner" } };

describe("traces across web, queue, worker and GPU runner", () => {
  it("with tracing off, a job carries no trace field (and with tracing on but the request not sampled, neither)", async () => {
    const off = await submit(EMBED.type, EMBED.payload);
    await completed(off);
    expect(await jobData("embed", off)).not.toHaveProperty("trace");

    const exporter = new InMemorySpanExporter();
    tracing = startTracing({ serviceName: "switchyard-test", sampleRatio: 0, exporter });
    try {
      const unsampled = await submit(PROBE.type, PROBE.payload);
      await completed(unsampled);
      expect(await jobData("maintenance", unsampled)).not.toHaveProperty("trace");
      await tracing?.forceFlush();
      expect(exporter.getFinishedSpans()).toEqual([]);
    } finally {
      await tracing?.shutdown();
      tracing = null;
    }
  });

  it("operation span → task span → runner span share one trace, in process (embed pool) and over HTTP (embedding client)", async () => {
    const exporter = new InMemorySpanExporter();
    tracing = startTracing({ serviceName: "switchyard-test", sampleRatio: 1, exporter });
    const embedId = await submit(EMBED.type, EMBED.payload);
    const probeId = await submit(PROBE.type, PROBE.payload);
    await Promise.all([completed(embedId), completed(probeId)]);
    await tracing?.forceFlush();
    const spans = exporter.getFinishedSpans();
    const taskSpan = (id: string): ReadableSpan | undefined => spans.find((s) => s.attributes["switchyard.task.id"] === id);
    const childOf = (parent: ReadableSpan | undefined): ReadableSpan[] =>
      spans.filter((s) => parent !== undefined && s.parentSpanContext?.spanId === parent.spanContext().spanId);

    for (const [id, pool, runnerSpanName] of [
      [embedId, "embed", "runner embed"],
      [probeId, "maintenance", "POST /v1/embeddings"],
    ] as const) {
      const task = taskSpan(id);
      expect(task?.name).toBe(id === embedId ? "task embed.texts" : "task diagnostic.probe");
      // The operation span is the task span's parent: the trace was carried in the job.
      const op = spans.find((s) => s.spanContext().spanId === task?.parentSpanContext?.spanId);
      expect(op?.name).toBe("submit-task");
      expect(op?.attributes).toMatchObject({
        "switchyard.operation": "submit-task",
        "switchyard.caller.kind": "token",
        "switchyard.caller.role": "admin",
        "http.response.status_code": 202,
      });
      expect(op?.parentSpanContext).toBeUndefined();
      const data = await jobData(pool, id);
      expect(data["trace"]).toMatchObject({ traceparent: expect.stringMatching(new RegExp(`^00-${op?.spanContext().traceId}-${op?.spanContext().spanId}-01$`)) });
      // The runner's span is the task span's child.
      const runnerSpans = childOf(task).filter((s) => s.name === runnerSpanName);
      expect(runnerSpans.length, `${runnerSpanName} under task ${id}: ${spans.map((s) => s.name).join(", ")}`).toBeGreaterThan(0);
      expect(runnerSpans.every((s) => s.spanContext().traceId === op?.spanContext().traceId)).toBe(true);
      if (runnerSpanName === "POST /v1/embeddings") expect(runnerSpans[0]?.attributes["http.response.status_code"]).toBe(200);
    }
  });
});
