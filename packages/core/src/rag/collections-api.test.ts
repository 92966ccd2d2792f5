import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { useLiteTokenCounter } from "@switchyard/ai";
import { createBreakerRegistry, type BreakerRegistry } from "@switchyard/queue";
import { createChromaStore, type RagDeps } from "@switchyard/rag";
import { startTestChroma, type TestChroma } from "../../../../test-support/chroma.js";
import { startTestEmbeddingRunner, type TestEmbeddingRunner } from "../../../../test-support/embedding-runner.js";
import { eventually, startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

// The collection and RAG operations end to end: REST → ingest.document / rag.query tasks → a
// worker with real Chroma and the real GPU runner → answers; and Chroma going away and back.
let chroma: TestChroma;
let runner: TestEmbeddingRunner;
let tp: TestPlatform;
let breakers: BreakerRegistry;

const HANDBOOK = [
  { id: "pools", title: "Pools", text: "The rag pool serves user questions first. The batch pool runs bulk work such as large imports at the lowest priority." },
  { id: "retries", title: "Retries", text: "A failed task is retried after one second, then five seconds, then fifteen seconds. After the last attempt it becomes a dead letter." },
];

async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function taskDone(id: string): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const t = await json(await tp.api(`/api/v1/tasks/${id}`));
    return t["status"] === "completed" || t["status"] === "dead" ? t : undefined;
  }, 60_000, `task ${id} to finish`);
}

beforeAll(async () => {
  [chroma, runner] = await Promise.all([startTestChroma(), startTestEmbeddingRunner()]);
  tp = await startTestPlatform({ redisUrl: inject("redisUrl"), chromaUrl: chroma.url });
  const rag: RagDeps = {
    store: createChromaStore({ url: chroma.url }),
    embed: async (texts, signal) => (await runner.client.embed(texts, { signal })).embeddings,
    tokens: useLiteTokenCounter(),
    chat: null,
    fetchPage: null,
  };
  // Open for 3 s (seed: 60 s): the test sees a task wait, and the breaker closes soon after Chroma is back.
  breakers = createBreakerRegistry({ chroma: { halfOpenAfterMs: 3_000, successThreshold: 1 } });
  await tp.startWorker({ poolNames: ["rag", "ingest", "maintenance"], rag, breakers, probeTargets: { chroma: `${chroma.url}/api/v2/heartbeat` } });
});

afterAll(async () => {
  await tp?.close();
  breakers?.dispose();
  await runner?.close();
  await chroma?.stop();
});

describe("collections and RAG over REST", () => {
  it("ingests documents (202 with task ids), lists them, answers a question with citations, deletes", async () => {
    const res = await tp.api("/api/v1/collections/handbook/documents", { method: "POST", body: JSON.stringify({ documents: HANDBOOK }) });
    expect(res.status).toBe(202);
    const added = await json<{ collection: string; tasks: Array<{ id: string; documentId: string; priority: string; pool: string }> }>(res);
    expect(added.tasks.map((t) => [t.documentId, t.pool, t.priority])).toEqual([["pools", "ingest", "normal"], ["retries", "ingest", "normal"]]);
    for (const t of added.tasks) {
      const done = await taskDone(t.id);
      expect(done).toMatchObject({ status: "completed", priority: "normal", result: { collection: "handbook", documentId: t.documentId } });
      expect(done["progress"]).toMatchObject({ percent: 100 });
    }

    const list = await json<{ collections: Array<{ name: string; chunks: number }> }>(await tp.api("/api/v1/collections"));
    expect(list.collections.find((c) => c.name === "handbook")?.chunks).toBeGreaterThanOrEqual(2);
    const detail = await json<{ documents: Array<{ id: string; title: string }> }>(await tp.api("/api/v1/collections/handbook"));
    expect(detail.documents.map((d) => [d.id, d.title])).toEqual([["pools", "Pools"], ["retries", "Retries"]]);

    const answer = await tp.api("/api/v1/rag/query", { method: "POST", body: JSON.stringify({ collection: "handbook", query: "How long until a failing job is tried again?", k: 2 }) });
    expect(answer.status).toBe(200);
    const a = await json<{ answer: string; mode: string; citations: Array<{ documentId: string; chunkIndex: number; text: string; score: number; title: string }> }>(answer);
    expect(a.mode).toBe("extractive");
    expect(a.citations[0]).toMatchObject({ documentId: "retries", title: "Retries", chunkIndex: 0 });
    expect(a.answer).toMatch(/second.*\[1\]/);

    // The query ran as a rag.query task at critical priority (the category default is critical too).
    // (Listed once its history row is written: rows are batched.)
    const tasks = await eventually(async () => {
      const page = await json<{ items: Array<{ id: string; type: string; priority: string }> }>(await tp.api("/api/v1/tasks?type=rag.query"));
      return page.items.length > 0 ? page : undefined;
    }, 20_000, "the rag.query task in the list");
    expect(tasks.items[0]).toMatchObject({ type: "rag.query", priority: "critical" });
    expect(await taskDone(tasks.items[0]?.id ?? "")).toMatchObject({ status: "completed", result: { citations: [{ documentId: "retries" }, {}] } });

    const chunks = await json<{ chunks: Array<{ chunkIndex: number; text: string }> }>(await tp.api("/api/v1/collections/handbook/documents/pools"));
    expect(chunks.chunks.map((c) => c.text).join(" ")).toContain("rag pool serves user questions");
    const del = await tp.api("/api/v1/collections/handbook/documents/pools", { method: "DELETE" });
    expect(await json(del)).toMatchObject({ collection: "handbook", documentId: "pools" });
    expect((await tp.api("/api/v1/collections/handbook/documents/pools")).status).toBe(404);
    expect((await tp.api("/api/v1/collections/handbook/documents/pools", { method: "DELETE" })).status).toBe(404);

    expect((await tp.api("/api/v1/collections/handbook", { method: "DELETE" })).status).toBe(200);
    expect((await tp.api("/api/v1/collections/handbook")).status).toBe(404);
    const gone = await tp.api("/api/v1/rag/query", { method: "POST", body: JSON.stringify({ collection: "handbook", query: "anything" }) });
    expect(gone.status).toBe(404);
  });

  it("a submission of rag.query without a priority gets its category's default (critical); one naming it keeps it", async () => {
    const body = (priority?: string) => JSON.stringify({ type: "rag.query", payload: { collection: "nowhere", query: "q" }, ...(priority ? { priority } : {}) });
    const byDefault = await json<{ priority: string }>(await tp.api("/api/v1/tasks", { method: "POST", body: body() }));
    expect(byDefault.priority).toBe("critical");
    const named = await json<{ priority: string }>(await tp.api("/api/v1/tasks", { method: "POST", body: body("low") }));
    expect(named.priority).toBe("low");
    const cleanup = await json<{ priority: string }>(await tp.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "maintenance.cleanup", payload: { dryRun: true } }) }));
    expect(cleanup.priority).toBe("low");
  });

  it("validation errors are 400s naming the field", async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ["/api/v1/collections/handbook/documents", "POST", { id: "a" }, "text"],
      ["/api/v1/collections/handbook/documents", "POST", { id: "a", text: "x", html: "<p>x</p>" }, "html"],
      ["/api/v1/collections/handbook/documents", "POST", { id: "a", url: "ftp://127.0.0.1/page" }, "url"],
      ["/api/v1/collections/handbook/documents", "POST", { documents: [{ id: "a", text: "x" }, { id: "b" }] }, "documents.1.text"],
      ["/api/v1/collections/handbook/documents", "POST", { id: "a", text: "x", metadata: { documentId: "other" } }, "metadata.documentId"],
      ["/api/v1/collections/x/documents", "POST", { id: "a", text: "x" }, "name"],
      ["/api/v1/rag/query", "POST", { collection: "handbook", query: "q", k: 0 }, "k"],
      ["/api/v1/rag/query", "POST", { collection: "handbook", query: "" }, "query"],
      ["/api/v1/rag/query", "POST", { collection: "handbook", query: "q", filter: { source: { $regex: "x" } } }, "filter.source"],
    ];
    for (const [path, method, body, field] of cases) {
      const res = await tp.api(path, { method, body: JSON.stringify(body) });
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      const err = await json<{ error: { issues: Array<{ path: string; message: string }> } }>(res);
      expect(err.error.issues.map((i) => i.path), JSON.stringify(err)).toContain(field);
    }
  });

  it("health reports Chroma", async () => {
    const health = await json<{ chroma?: { status: string } }>(await tp.api("/api/v1/health"));
    expect(health.chroma?.status).toBe("up");
  });

  it("with Chroma down and its breaker open, a query waits as a delayed job without spending an attempt, and succeeds once Chroma is back", async () => {
    const ingest = await json<{ tasks: Array<{ id: string }> }>(
      await tp.api("/api/v1/collections/outage/documents", { method: "POST", body: JSON.stringify(HANDBOOK[1]) }),
    );
    expect(await taskDone(ingest.tasks[0]?.id ?? "")).toMatchObject({ status: "completed" });

    await chroma.kill();
    // Three failed calls open the chroma breaker (seed: 3 failures): probes through it.
    const opened = new Promise<void>((resolve) => {
      const off = breakers.onChange((b) => {
        if (b.name === "chroma" && b.state === "open") {
          off();
          resolve();
        }
      });
    });
    for (let i = 0; i < 3; i++) {
      await tp.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.probe", payload: { dependency: "chroma" }, maxAttempts: 1 }) });
    }
    await opened;

    const submitted = await json<{ id: string }>(
      await tp.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "rag.query", payload: { collection: "outage", query: "When is a failed task retried?" } }) }),
    );
    const queue = tp.web.platform.queue("rag");
    const waiting = await eventually(async () => {
      const job = await queue.getJob(submitted.id);
      return job && (await job.getState()) === "delayed" ? job : undefined;
    }, 30_000, "the query to wait as a delayed job");
    expect(waiting.attemptsMade).toBe(0);

    await chroma.start();
    const done = await taskDone(submitted.id);
    expect(done).toMatchObject({ status: "completed", result: { mode: "extractive", citations: [{ documentId: "retries" }] } });
    // The delayed wait spent nothing; the attempt that ran is the one that answered (a second
    // one only if the breaker's half-open probe came before Chroma was listening again).
    expect(done["attempts"]).toBeGreaterThanOrEqual(1);
    expect(done["attempts"]).toBeLessThanOrEqual(2);
  });
});
