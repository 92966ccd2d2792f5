import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startLocalSite, type LocalSite } from "../../../packages/scraper/src/testing/local-site.js";
import { startTestChroma, type TestChroma } from "../../../test-support/chroma.js";
import { startTestEmbeddingRunner, type TestEmbeddingRunner } from "../../../test-support/embedding-runner.js";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";

// The worker process as `npm start` runs it (main.ts), over real Redis, SQLite, Chroma, the real
// GPU runner (USE-lite on CPU) and Debian's Chromium. Pages are served on 127.0.0.1 only and
// allowed by SCRAPE_ALLOW_PRIVATE, as an operator would; URLs are IP literals, so nothing is
// resolved. The SSRF refusals themselves are proven in packages/scraper.
const main = join(dirname(fileURLToPath(import.meta.url)), "main.ts");
let p: TestPlatform;
let site: LocalSite;
let chroma: TestChroma;
let runner: TestEmbeddingRunner;
let child: ChildProcess | undefined;
/** Responses held open by /slow/* until the test lets them go. */
const held: ServerResponse[] = [];

const PAGES: Record<string, { title: string; body: string }> = {
  "/lighthouse": {
    title: "Keeping the light",
    body: "The keeper of the northern lighthouse polishes the great brass lens every Tuesday morning, before the fog rolls in from the bay.",
  },
  "/orchard": {
    title: "Orchard notes",
    body: "In the hillside orchard the pear trees are pruned in late winter, while the apple trees wait until the first buds swell in spring.",
  },
};

type Task = { id: string; type: string; status: string; priority: string; result: unknown; payload?: unknown; progress: { percent: number } | null; createdAt: string; error: string | null };

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function submit(type: string, payload: unknown, priority?: string): Promise<string> {
  const res = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type, payload, ...(priority ? { priority } : {}) }) });
  expect(res.status, await res.clone().text()).toBe(202);
  return (await json<{ id: string }>(res)).id;
}

async function task(id: string): Promise<Task> {
  return json<Task>(await p.api(`/api/v1/tasks/${id}`));
}

async function finished(id: string, timeoutMs = 90_000): Promise<Task> {
  return eventually(async () => {
    const t = await task(id);
    return ["completed", "dead", "cancelled"].includes(t.status) ? t : undefined;
  }, timeoutMs, `task ${id} to finish`);
}

async function ask(collection: string, query: string): Promise<{ answer: string; citations: Array<{ documentId: string; text: string }> }> {
  const res = await p.api("/api/v1/rag/query", { method: "POST", body: JSON.stringify({ collection, query, k: 3 }) });
  expect(res.status, await res.clone().text()).toBe(200);
  return json(res);
}

beforeAll(async () => {
  [chroma, runner] = await Promise.all([startTestChroma(), startTestEmbeddingRunner()]);
  p = await startTestPlatform({ redisUrl: inject("redisUrl"), chromaUrl: chroma.url });
  site = await startLocalSite((req, res) => {
    const path = req.url ?? "/";
    if (path === "/robots.txt") return void res.end("User-agent: *\nDisallow: /private\n");
    if (path.startsWith("/slow/")) return void held.push(res);
    const page = PAGES[path] ?? { title: `Page ${path}`, body: `This is the text of the batch page at ${path}, served locally.` };
    res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><title>${page.title}</title><article><h1>${page.title}</h1><p>${page.body}</p></article>`);
  });
  child = spawn(process.execPath, ["--import", "tsx", main], {
    env: {
      ...process.env,
      ...runner.env,
      REDIS_URL: p.redisUrl,
      DATABASE_URL: p.databaseUrl,
      QUEUE_PREFIX: p.prefix,
      DATA_DIR: p.dataDir,
      CHROMA_URL: chroma.url,
      SCRAPE_ALLOW_PRIVATE: "127.0.0.1/32",
      // Spacing per host is proven in packages/tasks; here many pages of one host run at once.
      SCRAPE_RATE_PER_HOST: "0",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
});

afterAll(async () => {
  for (const res of held.splice(0)) res.destroy();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  await p?.close();
  await site?.close();
  await runner?.close();
  await chroma?.stop();
});

const url = (path: string): string => `http://127.0.0.1:${site.port}${path}`;

describe("the worker wires the scraper into ingestion and runs batches and cleanup", () => {
  it("ingests a document by URL (fetched through the scraper) and finds its text by a paraphrased question", async () => {
    const res = await p.api("/api/v1/collections/site-pages/documents", { method: "POST", body: JSON.stringify({ id: "lighthouse", url: url("/lighthouse") }) });
    expect(res.status, await res.clone().text()).toBe(202);
    const { tasks } = await json<{ tasks: Array<{ id: string }> }>(res);
    const ingest = await finished(tasks[0]!.id);
    expect(ingest.status, ingest.error ?? "").toBe("completed");
    expect(ingest.result).toMatchObject({ documentId: "lighthouse", collection: "site-pages" });

    const doc = await json<{ chunks: Array<{ text: string; metadata: Record<string, unknown> }> }>(await p.api("/api/v1/collections/site-pages/documents/lighthouse"));
    expect(doc.chunks[0]?.metadata).toMatchObject({ source: url("/lighthouse"), title: "Keeping the light" });
    const answer = await ask("site-pages", "How often does the keeper clean the lens?");
    expect(answer.citations[0]?.documentId).toBe("lighthouse");
    expect(answer.citations[0]?.text).toContain("every Tuesday morning");
    // robots.txt was read before the page.
    const paths = site.requests.map((r) => r.split(" ")[1]);
    expect(paths.indexOf("/robots.txt")).toBeLessThan(paths.indexOf("/lighthouse"));
  });

  it("refuses for good a URL that robots.txt disallows (one attempt, no retries)", async () => {
    const id = await submit("ingest.document", { collection: "site-pages", id: "private", url: url("/private/page") });
    const t = await finished(id);
    expect(t.status).toBe("dead");
    expect(t.error).toMatch(/robots/i);
    expect(site.requests.some((r) => r.includes("/private/page"))).toBe(false);
  });

  it("scrape.page with ingest submits an ingest.document task with the page's text, title and URL as source", async () => {
    const scrapeId = await submit("scrape.page", { url: url("/orchard"), ingest: { collection: "site-pages" } });
    const scraped = await finished(scrapeId);
    expect(scraped.status, scraped.error ?? "").toBe("completed");
    const result = scraped.result as { ingestTaskId?: string; title: string; finalUrl: string };
    expect(result.ingestTaskId).toBeTruthy();
    const ingest = await finished(result.ingestTaskId!);
    expect(ingest.type).toBe("ingest.document");
    expect(ingest.status, ingest.error ?? "").toBe("completed");
    expect(ingest.payload).toMatchObject({ collection: "site-pages", title: "Orchard notes", source: url("/orchard") });
    expect((ingest.payload as { text: string }).text).toContain("pear trees are pruned in late winter");

    const answer = await ask("site-pages", "When should the pear trees be cut back?");
    expect(answer.citations[0]?.text).toContain("pear trees are pruned");
    const documentId = (ingest.result as { documentId: string }).documentId;
    expect(answer.citations[0]?.documentId).toBe(documentId);
    const doc = await json<{ chunks: Array<{ metadata: Record<string, unknown> }> }>(await p.api(`/api/v1/collections/site-pages/documents/${documentId}`));
    expect(doc.chunks[0]?.metadata).toMatchObject({ source: url("/orchard"), url: url("/orchard") });
  });

  it("scrape.batch submits one scrape.page per URL at the batch's priority, reports progress and counts how they ended", async () => {
    const urls = [...Array.from({ length: 11 }, (_, i) => url(`/batch/${i}`)), url("/private/refused")];
    const batchId = await submit("scrape.batch", { urls }, "high");
    const batch = await finished(batchId);
    expect(batch.status, batch.error ?? "").toBe("completed");
    const result = batch.result as { submitted: number; taskIds: string[]; completed: number; failed: number; cancelled: number };
    expect(result).toMatchObject({ submitted: 12, completed: 11, failed: 1, cancelled: 0 });
    expect(result.taskIds).toHaveLength(12);
    expect(batch.progress?.percent).toBe(100);
    const children = await Promise.all(result.taskIds.map(task));
    children.forEach((c, i) => {
      expect(c.type).toBe("scrape.page");
      expect(c.priority).toBe("high");
      expect(c.payload).toMatchObject({ url: urls[i] });
      // Every child was created by the batch while it ran.
      expect(c.createdAt >= batch.createdAt).toBe(true);
    });
    expect(children.slice(0, 11).every((c) => c.status === "completed")).toBe(true);
    expect(children[11]?.status).toBe("dead");
    expect((children[3]?.result as { text: string }).text).toContain("batch page at /batch/3");
  });

  it("cancelling a batch cancels the children still running or waiting", async () => {
    const urls = Array.from({ length: 8 }, (_, i) => url(`/slow/${i}`));
    const batchId = await submit("scrape.batch", { urls });
    // Wait until the batch has its children and some are held open by the site.
    const childIds = await eventually(async () => {
      const t = await task(batchId);
      if (t.status !== "active" || held.length === 0) return undefined;
      const ids = await childrenOf(batchId);
      return ids.length === urls.length ? ids : undefined;
    }, 60_000, "the batch's children to start");
    const cancel = await p.api(`/api/v1/tasks/${batchId}/cancel`, { method: "POST" });
    expect([200, 202], await cancel.clone().text()).toContain(cancel.status);
    expect((await finished(batchId)).status).toBe("cancelled");
    for (const id of childIds) expect((await finished(id, 30_000)).status).toBe("cancelled");
  });

  it("an embed batch of documents ingests each as a child at the batch's priority, and they are searchable", async () => {
    const documents = [
      { id: "bees", title: "Bees", text: "The beekeeper opens the hives in May to check that the queen is laying eggs." },
      { id: "ferry", title: "Ferry", text: "The harbour ferry leaves for the island every hour from the stone pier." },
      { id: "bread", title: "Bread", text: "Sourdough bread needs a starter fed with flour and water the night before baking." },
    ];
    const res = await p.api("/api/v1/batches/embed", { method: "POST", body: JSON.stringify({ collection: "batch-docs", documents, priority: "high" }) });
    expect(res.status, await res.clone().text()).toBe(202);
    const { id, total, kind } = await json<{ id: string; total: number; kind: string }>(res);
    expect([kind, total]).toEqual(["embed", 3]);
    const done = await eventually(async () => {
      const b = await json<{ status: string; counts: Record<string, number>; results: Array<{ index: number; taskId: string; result: { documentId: string } }> }>(await p.api(`/api/v1/batches/${id}`));
      return b.status === "running" ? undefined : b;
    }, 120_000, "the embed batch to finish");
    expect(done.status).toBe("completed");
    expect(done.counts["completed"]).toBe(3);
    expect(done.results.map((r) => [r.index, r.result.documentId])).toEqual([[0, "bees"], [1, "ferry"], [2, "bread"]]);
    const child = await task(done.results[1]!.taskId);
    expect([child.type, child.priority]).toEqual(["ingest.document", "high"]);
    const collection = await json<{ documents: Array<{ id: string; chunks: number }> }>(await p.api("/api/v1/collections/batch-docs"));
    expect(collection.documents.map((d) => d.id).sort()).toEqual(["bees", "bread", "ferry"]);
    const answer = await ask("batch-docs", "When does the boat to the island depart?");
    expect(answer.citations[0]?.documentId).toBe("ferry");
  });

  it("maintenance.cleanup removes history rows and screenshots past retention (dry run first)", async () => {
    const db = await p.openDb();
    const old = new Date(Date.now() - 40 * 86_400_000);
    await db.tasks.upsertMany([
      { id: "0000000000000000000001", type: "diagnostic.noop", pool: "batch", priority: "normal", status: "completed", payload: {}, result: { ok: true }, error: null, progress: null, attempts: 1, version: 1_000_000, createdAt: old, startedAt: old, finishedAt: old, updatedAt: old, attemptLog: null },
    ]);
    const shots = join(p.dataDir, "screenshots");
    mkdirSync(shots, { recursive: true });
    const oldShot = join(shots, "old-task.png");
    const newShot = join(shots, "new-task.png");
    writeFileSync(oldShot, "png");
    writeFileSync(newShot, "png");
    utimesSync(oldShot, old, old);

    const dry = await finished(await submit("maintenance.cleanup", { olderThanDays: 30, dryRun: true }));
    expect(dry.status, dry.error ?? "").toBe("completed");
    expect(dry.priority).toBe("low");
    expect(dry.result).toMatchObject({ dryRun: true, historyRows: 1, screenshots: 1, removed: 2 });
    expect(existsSync(oldShot)).toBe(true);
    expect(await db.tasks.get("0000000000000000000001")).not.toBeNull();

    const real = await finished(await submit("maintenance.cleanup", { olderThanDays: 30 }));
    expect(real.result).toMatchObject({ dryRun: false, historyRows: 1, screenshots: 1, removed: 2 });
    expect(existsSync(oldShot)).toBe(false);
    expect(existsSync(newShot)).toBe(true);
    expect(await db.tasks.get("0000000000000000000001")).toBeNull();
    // Recent history is kept.
    expect((await task(real.id)).status).toBe("completed");
  });
});

/** The batch's children, from the history (the queued rows its worker wrote). */
async function childrenOf(batchId: string): Promise<string[]> {
  const batch = await task(batchId);
  const res = await p.api(`/api/v1/tasks?type=scrape.page&limit=100`);
  const { items } = await json<{ items: Task[] }>(res);
  // The list leaves payloads out; each task's own view has it.
  const recent = await Promise.all(items.filter((t) => t.createdAt >= batch.createdAt).map((t) => task(t.id)));
  return recent.filter((t) => (t.payload as { url?: string } | undefined)?.url?.includes("/slow/")).map((t) => t.id);
}
