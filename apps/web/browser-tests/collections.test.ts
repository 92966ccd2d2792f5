import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useLiteTokenCounter } from "@switchyard/ai";
import type { WorkerRuntime } from "@switchyard/queue";
import { createChatModel, createChromaStore, type RagDeps } from "@switchyard/rag";
import { startTestChroma, type TestChroma } from "../../../test-support/chroma.js";
import { startTestEmbeddingRunner, type TestEmbeddingRunner } from "../../../test-support/embedding-runner.js";
import { eventually, type TestPlatform } from "../../../test-support/platform-harness.js";
import { axe, axeInBothSchemes, axeWhenNarrow, expectTitle, signInWithKeyboard, startBrowserPlatform, type BrowserPlatform } from "./browser-support.js";

/**
 * The collection pages against real Chroma, the real GPU runner (USE-lite on CPU) and a real
 * worker serving rag and ingest: documents ingested over REST are listed with their counts, a
 * question asked in the page runs as a rag.query task and shows its answer, mode and citations;
 * with a chat model (a local stand-in speaking OpenAI's streaming protocol) the tokens appear in
 * the polite answer region before the answer is final. axe (WCAG 2.2 AA) light, dark, 390 px.
 */

const VIEWPORT = { width: 1440, height: 900 };
const SHOTS = process.env["COLLECTION_SCREENSHOTS"] ?? "/tmp/collections";
const VIEWER = { email: "vera@example.com", name: "Vera Viewer", password: "viewer passphrase of some length" };
const QUESTION = "How long until a failing job is tried again?";
const HANDBOOK = [
  { id: "pools", title: "Pools", text: "The rag pool serves user questions first. The batch pool runs bulk work such as large imports at the lowest priority." },
  { id: "retries", title: "Retries", text: "A failed task is retried after one second, then five seconds, then fifteen seconds. After the last attempt it becomes a dead letter." },
];
const RECIPES = [{ id: "bread", title: "Bread", text: "Knead the dough for ten minutes, then let it rise for an hour in a warm place." }];

/** The chat stand-in: a fixed answer citing [1], streamed in pieces; `hold()` pauses it after the first two. */
const CHAT_MODEL = "stand-in-chat";
const CHAT_PIECES = ["Failed tasks ", "are retried ", "after one second [1]", "."];
const CHAT_ANSWER = CHAT_PIECES.join("");

type Json = Record<string, unknown>;

describe("collection pages in Chromium", () => {
  let env: BrowserPlatform | undefined;
  let platform: TestPlatform;
  let chroma: TestChroma | undefined;
  let runner: TestEmbeddingRunner | undefined;
  let worker: WorkerRuntime | undefined;
  let rag: RagDeps;
  let chatServer: Server | undefined;
  let chatUrl = "";
  let chatRequests = 0;
  let gate: { wait: Promise<void>; release: () => void } | null = null;

  async function chatHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for await (const chunk of req) void chunk;
    if (req.method !== "POST" || req.url !== "/v1/chat/completions" || req.headers.authorization !== "Bearer chat-key") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "no such route or key", type: "invalid_request_error", param: null, code: null } }));
      return;
    }
    chatRequests += 1;
    // An attempt that timed out while held closes its request: nothing more to write then.
    res.on("error", () => undefined);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const base = { id: "chatcmpl-test", object: "chat.completion.chunk", created: 1, model: CHAT_MODEL };
    const send = (delta: Json, finish: string | null = null): void => {
      res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    };
    send({ role: "assistant", content: "" });
    for (const [i, piece] of CHAT_PIECES.entries()) {
      // Held after two pieces until the test has seen the first in the page.
      if (i === 2 && gate) await gate.wait;
      if (res.destroyed) return;
      send({ content: piece });
    }
    send({}, "stop");
    res.end("data: [DONE]\n\n");
  }

  function hold(): void {
    let release = (): void => undefined;
    const wait = new Promise<void>((r) => (release = r));
    gate = { wait, release };
  }

  async function openSignedIn(path: string, options: BrowserContextOptions = {}): Promise<Page> {
    const page = await (env as BrowserPlatform).newPage(options);
    await page.goto(`${platform.url}${path}`);
    await signInWithKeyboard(page, platform.token);
    return page;
  }

  async function getJson(path: string): Promise<Json> {
    const res = await platform.api(path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as Json;
  }

  async function ingest(collection: string, documents: unknown[]): Promise<void> {
    const res = await platform.api(`/api/v1/collections/${collection}/documents`, { method: "POST", body: JSON.stringify({ documents }) });
    expect(res.status, await res.clone().text()).toBe(202);
    const { tasks } = (await res.json()) as { tasks: Array<{ id: string }> };
    for (const t of tasks) {
      await eventually(async () => (await getJson(`/api/v1/tasks/${t.id}`))["status"] === "completed", 60_000, `ingest task ${t.id}`);
    }
  }

  async function chunksOf(collection: string): Promise<number> {
    return (await getJson(`/api/v1/collections/${collection}`))["chunks"] as number;
  }

  async function ask(page: Page, question: string, collection?: string): Promise<void> {
    const search = page.locator("[data-search]");
    if (collection) await search.getByLabel("Collection", { exact: true }).selectOption(collection);
    await search.getByLabel("Question").fill(question);
    await search.getByRole("button", { name: "Ask" }).click();
  }

  /** The rag.query task the page asked through (its link under the answer). */
  async function askedTaskId(page: Page): Promise<string> {
    const link = page.locator("[data-search] a[href^='/tasks/']");
    await link.waitFor();
    return decodeURIComponent(((await link.getAttribute("href")) ?? "").slice("/tasks/".length));
  }

  beforeAll(async () => {
    [chroma, runner] = await Promise.all([startTestChroma(), startTestEmbeddingRunner()]);
    const embedding = runner.client;
    rag = {
      store: createChromaStore({ url: chroma.url }),
      embed: async (texts, signal) => (await embedding.embed(texts, { signal })).embeddings,
      tokens: useLiteTokenCounter(),
      chat: null,
      fetchPage: null,
    };
    chatServer = createServer((req, res) => void chatHandler(req, res));
    const server = chatServer;
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    chatUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    env = await startBrowserPlatform({ viewport: VIEWPORT, chromaUrl: chroma.url });
    platform = env.platform;
    worker = await platform.startWorker({ poolNames: ["rag", "ingest"], rag, workerId: "collections-worker" });
    await ingest("handbook", HANDBOOK);
    await ingest("recipes", RECIPES);
  }, 300_000);

  afterAll(async () => {
    gate?.release();
    await env?.close();
    chatServer?.closeAllConnections();
    await new Promise<void>((r) => (chatServer ? chatServer.close(() => r()) : r()));
    await runner?.close();
    await chroma?.stop();
  });

  it("lists the collections with their document and chunk counts, reached from the header; axe light, dark and 390 px", async () => {
    const page = await openSignedIn("/");
    const nav = page.getByRole("navigation", { name: "Primary" });
    await nav.getByRole("link", { name: "Collections", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Collections" }).waitFor();
    await expectTitle(page, "Collections · Switchyard");
    expect(await nav.getByRole("link", { name: "Collections", exact: true }).getAttribute("aria-current")).toBe("page");

    const handbook = page.locator('tr[data-collection="handbook"]');
    await handbook.waitFor();
    expect(await handbook.locator('[data-col="documents"]').innerText()).toBe("2");
    expect(await handbook.locator('[data-col="chunks"]').innerText()).toBe(String(await chunksOf("handbook")));
    const recipes = page.locator('tr[data-collection="recipes"]');
    expect(await recipes.locator('[data-col="documents"]').innerText()).toBe("1");
    expect(await recipes.locator('[data-col="chunks"]').innerText()).toBe(String(await chunksOf("recipes")));
    expect(await page.locator("tr[data-collection]").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-collection")))).toEqual([
      "handbook",
      "recipes",
    ]);
    await page.getByRole("table", { name: "Collections: name, documents and chunks" }).waitFor();

    await axeInBothSchemes(page, "collections", SHOTS);
    await axeWhenNarrow(page, "collections", SHOTS, VIEWPORT);
  });

  it("answers a question extractively with the right citations, as a critical rag.query task; axe light, dark and 390 px", async () => {
    const page = await openSignedIn("/collections");
    await page.locator('tr[data-collection="handbook"]').waitFor();
    const answer = page.locator("[data-answer]");
    // The polite region is there before the question, so what is written into it is announced.
    expect(await answer.getAttribute("aria-live")).toBe("polite");
    await ask(page, QUESTION, "handbook");

    const mode = page.locator('[data-mode="extractive"]');
    await mode.waitFor();
    expect(await mode.innerText()).toMatch(/^Extractive\s+Quoted from the best-matching passages/);
    expect(await answer.innerText()).toMatch(/second.*\[1\]/);
    expect(await answer.getAttribute("aria-busy")).toBeNull();
    expect(await page.locator("[data-search-status]").innerText()).toMatch(/^Answer ready \(extractive\), 2 citations\.$/);

    const citations = page.locator("[data-citation]");
    expect(await citations.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-citation")))).toEqual(["retries", "pools"]);
    const first = citations.first();
    expect(await first.innerText()).toContain("[1]");
    expect(await first.innerText()).toContain("Retries");
    expect(await first.locator("blockquote").innerText()).toContain("A failed task is retried after one second");
    expect(await first.locator("[data-chunk]").innerText()).toBe("0");
    const score = Number(await first.locator("[data-score]").innerText());
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThanOrEqual(1);

    // It ran as an ordinary rag.query task at critical priority, and its result is what the page shows.
    const taskId = await askedTaskId(page);
    const task = await getJson(`/api/v1/tasks/${encodeURIComponent(taskId)}`);
    expect(task).toMatchObject({ type: "rag.query", priority: "critical", status: "completed", payload: { collection: "handbook", query: QUESTION, k: 5 } });
    const result = task["result"] as { answer: string; mode: string; citations: Array<{ documentId: string }> };
    expect(result.mode).toBe("extractive");
    expect(await answer.innerText()).toBe(result.answer);
    expect(result.citations.map((c) => c.documentId)).toEqual(["retries", "pools"]);

    await axeInBothSchemes(page, "collections with an answer", SHOTS);
    await axeWhenNarrow(page, "collections with an answer", SHOTS, VIEWPORT);
  });

  it("the collection page lists its documents, shows a document's chunks, adds and deletes a document; an unknown name is 'no such collection'", async () => {
    const page = await openSignedIn("/collections");
    await page.locator('tr[data-collection="handbook"]').getByRole("link", { name: "handbook" }).click();
    await page.getByRole("heading", { level: 1, name: "Collection handbook" }).waitFor();
    await expectTitle(page, "Collection handbook · Switchyard");
    const rows = page.locator("tr[data-document]");
    await rows.first().waitFor();
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-document"))))).toEqual(new Set(["pools", "retries"]));
    expect(await page.locator('tr[data-document="retries"]').innerText()).toMatch(/Retries\s+retries\s+text\s+1/);

    const show = page.getByRole("button", { name: "Show chunks of pools" });
    await show.click();
    await page.locator('[data-chunks="pools"]').getByText("The rag pool serves user questions first.").waitFor();
    expect(await page.getByRole("button", { name: "Hide chunks of pools" }).getAttribute("aria-expanded")).toBe("true");
    await axe(page, "collection handbook with chunks (light)");

    // Add a document from the page: it is ingested by the worker and listed.
    const add = page.locator("form").filter({ has: page.getByRole("button", { name: "Add document" }) });
    await add.getByLabel("Document id").fill("scratch");
    await add.getByLabel("Title (optional)").fill("Scratch note");
    await add.getByLabel("Text").fill("A scratch note that is about to be deleted again.");
    await add.getByRole("button", { name: "Add document" }).click();
    const status = page.locator('[role="status"][aria-live="polite"]');
    await status.getByText(/Document “scratch” ingested into handbook: 1 chunk\./).waitFor({ timeout: 60_000 });
    await page.locator('tr[data-document="scratch"]').waitFor();
    expect((await getJson("/api/v1/collections/handbook/documents/scratch"))["documentId"]).toBe("scratch");

    // Delete it, after a confirmation; Escape first cancels and puts focus back.
    const del = page.getByRole("button", { name: "Delete… scratch" });
    await del.click();
    const confirm = page.getByRole("group", { name: "Delete the document “scratch”?" });
    await confirm.waitFor();
    await page.keyboard.press("Escape");
    await confirm.waitFor({ state: "detached" });
    expect(await del.evaluate((el) => el === document.activeElement)).toBe(true);
    await del.click();
    await confirm.getByRole("button", { name: "Delete the document" }).click();
    await status.getByText("Document “scratch” deleted: 1 chunk removed.").waitFor();
    expect((await platform.api("/api/v1/collections/handbook/documents/scratch")).status).toBe(404);
    await page.locator('tr[data-document="scratch"]').waitFor({ state: "detached" });

    await page.goto(`${platform.url}/collections/nowhere-at-all`);
    await page.getByRole("heading", { level: 1, name: "No such collection" }).waitFor();
    await page.getByText("There is no collection named nowhere-at-all.").waitFor();
    await axe(page, "no such collection (light)");
  });

  it("deletes a collection from its page after a confirmation", async () => {
    await ingest("scratchpad", [{ id: "note", text: "Nothing to keep here." }]);
    const page = await openSignedIn("/collections/scratchpad", { colorScheme: "dark" });
    await page.getByRole("heading", { level: 1, name: "Collection scratchpad" }).waitFor();
    await page.getByRole("button", { name: "Delete scratchpad…" }).click();
    const confirm = page.getByRole("group", { name: "Delete the collection scratchpad?" });
    await confirm.getByText(/Its 1 document \(1 chunk\) are removed/).waitFor();
    await axe(page, "collection scratchpad, confirming its deletion (dark)");
    await confirm.getByRole("button", { name: "Delete the collection" }).click();
    await page.getByRole("heading", { level: 1, name: "Collection deleted" }).waitFor();
    expect((await platform.api("/api/v1/collections/scratchpad")).status).toBe(404);
  });

  it("says the collection is gone when it was deleted after it was chosen", async () => {
    await ingest("doomed", [{ id: "note", text: "This collection is deleted before the question runs." }]);
    const page = await openSignedIn("/collections");
    await page.locator('tr[data-collection="doomed"]').waitFor();
    await page.locator("[data-search]").getByLabel("Collection", { exact: true }).selectOption("doomed");
    expect((await platform.api("/api/v1/collections/doomed", { method: "DELETE" })).status).toBe(200);
    await ask(page, "Is anything here?");
    await page.locator("[data-search]").getByRole("alert").getByText("The collection “doomed” does not exist (it may have just been deleted).").waitFor();
    expect(await page.locator("[data-answer]").innerText()).toBe("");
    const task = await getJson(`/api/v1/tasks/${encodeURIComponent(await askedTaskId(page))}`);
    expect(task).toMatchObject({ status: "dead", error: 'collection "doomed" not found' });
    await axe(page, "collections, question over a deleted collection (light)");
  });

  it("a viewer reads the collections, but is told why there is no search and gets no write actions; axe dark", async () => {
    const created = await platform.api("/api/v1/users", { method: "POST", body: JSON.stringify({ ...VIEWER, role: "viewer" }) });
    expect(created.status, await created.clone().text()).toBe(201);
    const page = await (env as BrowserPlatform).newPage({ colorScheme: "dark" });
    await page.goto(`${platform.url}/collections`);
    await page.getByLabel("Email").fill(VIEWER.email);
    await page.getByLabel("Password").fill(VIEWER.password);
    await page.getByLabel("Password").press("Enter");
    await page.getByRole("heading", { level: 1, name: "Collections" }).waitFor();
    await page.locator('tr[data-collection="handbook"]').waitFor();
    expect(await page.locator("[data-search-unavailable]").innerText()).toMatch(/needs the rag:query permission, which your role \(viewer\) does not have/);
    expect(await page.getByLabel("Question").count()).toBe(0);
    expect(await page.getByRole("heading", { name: "Add a document" }).count()).toBe(0);
    await axe(page, "collections as a viewer (dark)");

    await page.locator('tr[data-collection="handbook"]').getByRole("link", { name: "handbook" }).click();
    await page.getByRole("heading", { level: 1, name: "Collection handbook" }).waitFor();
    await page.locator('tr[data-document="retries"]').waitFor();
    expect(await page.getByRole("button", { name: /^Delete/ }).count()).toBe(0);
    await page.locator("[data-read-only]").getByText(/needs the collections:write permission/).waitFor();
    await axe(page, "collection handbook as a viewer (dark)");
  });

  it("with a chat model, streams its tokens into the polite answer region before the final answer, labelled chat; axe light, dark, 390 px", async () => {
    // The same pools, now answered by a worker whose chat model is the local stand-in.
    await worker?.close();
    worker = await platform.startWorker({
      poolNames: ["rag", "ingest"],
      rag: { ...rag, chat: createChatModel({ baseURL: chatUrl, apiKey: "chat-key", model: CHAT_MODEL, timeoutMs: 60_000 }) },
      workerId: "collections-chat-worker",
    });
    hold();
    const page = await openSignedIn("/collections/handbook");
    await page.getByRole("heading", { level: 1, name: "Collection handbook" }).waitFor();
    await ask(page, QUESTION);

    const answer = page.locator("[data-answer]");
    await eventually(async () => chatRequests === 1, 60_000, "the chat model asked");
    // The first piece is in the live region while the model is still held: streamed, not final.
    await expect.poll(() => answer.innerText(), { timeout: 30_000 }).toContain("Failed tasks");
    expect(await answer.getAttribute("aria-live")).toBe("polite");
    expect(await answer.getAttribute("aria-busy")).toBe("true");
    expect(await answer.innerText()).not.toContain("one second");
    expect(await page.locator("[data-mode]").count()).toBe(0);
    expect(await page.locator("[data-search-status]").innerText()).toBe("Writing the answer…");
    await axe(page, "collection handbook, answer streaming (light)");

    gate?.release();
    const mode = page.locator('[data-mode="chat"]');
    await mode.waitFor();
    expect(await mode.innerText()).toContain(`Written by the chat model ${CHAT_MODEL}`);
    expect(await answer.innerText()).toBe(CHAT_ANSWER);
    expect(await answer.getAttribute("aria-busy")).toBeNull();
    expect(await page.locator("[data-citation]").first().getAttribute("data-citation")).toBe("retries");
    expect(await page.locator("[data-search-status]").innerText()).toMatch(/^Answer ready \(chat model\), \d citations?\.$/);

    const task = await getJson(`/api/v1/tasks/${encodeURIComponent(await askedTaskId(page))}`);
    expect(task).toMatchObject({ type: "rag.query", status: "completed", result: { mode: "chat", answer: CHAT_ANSWER, model: CHAT_MODEL } });

    await axeInBothSchemes(page, "collection handbook with a chat answer", SHOTS);
    await axeWhenNarrow(page, "collection handbook with a chat answer", SHOTS, VIEWPORT);
  });
});
