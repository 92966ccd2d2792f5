import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useLiteTokenCounter } from "@switchyard/ai";
import type { Progress } from "@switchyard/shared";
import { startTestChroma, type TestChroma } from "../../../test-support/chroma.js";
import { startTestEmbeddingRunner, type TestEmbeddingRunner } from "../../../test-support/embedding-runner.js";
import { answerQuery } from "./answer-query.js";
import { createChatModel } from "./chat-answer.js";
import { createChromaStore } from "./chroma-store.js";
import { ingestDocument } from "./ingest-document.js";
import { direct, type RagDeps } from "./rag-deps.js";
import { EVAL_DOCUMENTS, EVAL_QUESTIONS } from "./testing/eval-set.js";

// Real Chroma (chroma run on a free port), the real GPU runner (USE-lite on CPU) and, for chat
// answers, a small local server speaking OpenAI's streaming chat-completions protocol.
let chroma: TestChroma;
let runner: TestEmbeddingRunner;
let deps: RagDeps;
const signal = new AbortController().signal;
const noProgress = async (): Promise<void> => undefined;

/** The chat stand-in: what it was asked, and a fixed answer citing [2] then [1], streamed in pieces. */
const chatRequests: Array<{ model: string; stream: boolean; messages: Array<{ role: string; content: string }> }> = [];
let chatServer: Server;
let chatUrl: string;
const CHAT_PIECES = ["Bees ", "dance ", "to show ", "where food is [2]", ", and drones ", "are male [1]."];

async function chatHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (req.method !== "POST" || req.url !== "/v1/chat/completions" || req.headers.authorization !== "Bearer chat-key") {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "no such route or key", type: "invalid_request_error", param: null, code: null } }));
    return;
  }
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as (typeof chatRequests)[number];
  chatRequests.push(body);
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const base = { id: "chatcmpl-test", object: "chat.completion.chunk", created: 1, model: body.model };
  res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] })}\n\n`);
  for (const piece of CHAT_PIECES) {
    res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
  }
  res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
  res.end("data: [DONE]\n\n");
}

beforeAll(async () => {
  [chroma, runner] = await Promise.all([startTestChroma(), startTestEmbeddingRunner()]);
  deps = {
    store: createChromaStore({ url: chroma.url }),
    embed: async (texts, s) => (await runner.client.embed(texts, { signal: s })).embeddings,
    tokens: useLiteTokenCounter(),
    chat: null,
    fetchPage: null,
  };
  chatServer = createServer((req, res) => void chatHandler(req, res));
  await new Promise<void>((r) => chatServer.listen(0, "127.0.0.1", r));
  chatUrl = `http://127.0.0.1:${(chatServer.address() as AddressInfo).port}/v1`;
  for (const d of EVAL_DOCUMENTS) await ingestDocument(deps, { ...d, collection: "eval-set" }, { signal, call: direct, progress: noProgress });
});

afterAll(async () => {
  chatServer?.closeAllConnections();
  await new Promise<void>((r) => (chatServer ? chatServer.close(() => r()) : r()));
  await runner?.close();
  await chroma?.stop();
});

describe("ingestion and retrieval against real Chroma and the real runner", () => {
  it("finds the answering passage for paraphrased questions: hit@3 >= 0.9 over the labelled set", async () => {
    expect(EVAL_QUESTIONS.length).toBeGreaterThanOrEqual(20);
    let hit1 = 0;
    let hit3 = 0;
    const misses: string[] = [];
    for (const q of EVAL_QUESTIONS) {
      const a = await answerQuery(deps, { collection: "eval-set", query: q.question, k: 3 }, { signal, call: direct });
      const ok = (c: (typeof a.citations)[number] | undefined): boolean => c !== undefined && c.documentId === q.documentId && c.text.includes(q.answer);
      if (ok(a.citations[0])) hit1++;
      if (a.citations.some(ok)) hit3++;
      else misses.push(q.question);
    }
    const n = EVAL_QUESTIONS.length;
    console.log(`[rag eval] ${n} questions over ${EVAL_DOCUMENTS.length} documents: hit@1 ${(hit1 / n).toFixed(3)}, hit@3 ${(hit3 / n).toFixed(3)}${misses.length ? `; missed: ${misses.join(" | ")}` : ""}`);
    expect(hit3 / n).toBeGreaterThanOrEqual(0.9);
  });

  it("sizes chunks in the model's own tokens (none over the chunk size) and records the metadata", async () => {
    const doc = await deps.store.documentChunks("eval-set", "honeybee-colonies");
    expect(doc?.chunks.length).toBeGreaterThan(1);
    for (const c of doc?.chunks ?? []) {
      expect(deps.tokens.count(c.text)).toBeLessThanOrEqual(96);
      expect(c.metadata).toMatchObject({ documentId: "honeybee-colonies", source: "text", title: "How honeybee colonies work", chunkIndex: c.chunkIndex });
      expect(typeof c.metadata["createdAt"]).toBe("string");
    }
    expect(doc?.chunks.map((c) => c.chunkIndex)).toEqual(doc?.chunks.map((_, i) => i));
  });

  it("re-ingesting a document id replaces its chunks (no duplicates, no stale metadata); delete by id removes them", async () => {
    const text = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} about the harbour crane number ${i}, which lifts containers onto ships.`).join("\n\n");
    const first = await ingestDocument(deps, { id: "crane", title: "Cranes", text, metadata: { edition: 1 }, collection: "replace-test" }, { signal, call: direct, progress: noProgress });
    expect(first.replaced).toBe(0);
    const second = await ingestDocument(deps, { id: "crane", text: "The harbour has one crane now.", collection: "replace-test" }, { signal, call: direct, progress: noProgress });
    expect(second).toMatchObject({ chunks: 1, replaced: first.chunks });
    const doc = await deps.store.documentChunks("replace-test", "crane");
    expect(doc?.chunks).toHaveLength(1);
    expect(doc?.chunks[0]?.text).toBe("The harbour has one crane now.");
    // Chroma's upsert would have merged the first version's title and edition into the record.
    expect(doc?.chunks[0]?.metadata).not.toHaveProperty("title");
    expect(doc?.chunks[0]?.metadata).not.toHaveProperty("edition");
    expect((await deps.store.describeCollection("replace-test"))?.chunks).toBe(1);

    expect(await deps.store.deleteDocument("replace-test", "crane")).toBe(1);
    expect((await deps.store.describeCollection("replace-test"))?.chunks).toBe(0);
    expect(await deps.store.deleteDocument("no-such-collection", "crane")).toBeNull();
  });

  it("cleans HTML to its readable text before chunking, and reports progress per stage in order", async () => {
    const html = `<html><head><title>Tide tables</title><script>var tracking = "SECRET-SCRIPT";</script></head><body>
      <nav><a href="/">Home</a> <a href="/about">About us</a></nav>
      <article><h1>Tide tables</h1><p>High tide at the north pier comes about fifty minutes later each day, because the moon moves along its orbit.</p>
      <p>Spring tides, the largest ones, happen near the new and full moon when the sun and moon pull in line.</p></article>
      <footer>Copyright the harbour office</footer></body></html>`;
    const reports: Progress[] = [];
    const out = await ingestDocument(deps, { id: "tides", html, collection: "html-test" }, { signal, call: direct, progress: async (p) => void reports.push(p) });
    expect(out.chunks).toBeGreaterThan(0);
    const doc = await deps.store.documentChunks("html-test", "tides");
    const all = doc?.chunks.map((c) => c.text).join("\n") ?? "";
    expect(all).toContain("fifty minutes later each day");
    expect(all).not.toContain("SECRET-SCRIPT");
    expect(doc?.chunks[0]?.metadata).toMatchObject({ source: "html", title: "Tide tables" });
    const percents = reports.map((r) => r.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(reports.map((r) => r.message ?? "").join(" | ")).toMatch(/cleaned.*split into.*embedded.*stored/);
  });

  it("refuses a URL document while no scraper is wired, naming the field", async () => {
    const err = await ingestDocument(deps, { id: "page", url: "http://127.0.0.1:9/page", collection: "url-test" }, { signal, call: direct, progress: noProgress }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VALIDATION", issues: [{ path: "url" }] });
  });

  it("answers extractively without a chat model: quoted sentences marked with their citation", async () => {
    const a = await answerQuery(deps, { collection: "eval-set", query: "How many eggs can the mother bee produce daily?", k: 3 }, { signal, call: direct });
    expect(a.mode).toBe("extractive");
    expect(a.citations).toHaveLength(3);
    expect(a.citations[0]).toMatchObject({ documentId: "honeybee-colonies", title: "How honeybee colonies work" });
    expect(a.answer).toMatch(/\[[1-3]\]/);
    // Every quoted sentence is text of the citation it names.
    for (const m of a.answer.matchAll(/(.+?) \[(\d)\]/g)) {
      expect(a.citations[Number(m[2]) - 1]?.text).toContain((m[1] ?? "").trim());
    }
    expect(a.citations.map((c) => c.score)).toEqual([...a.citations.map((c) => c.score)].sort((x, y) => y - x));
  });

  it("applies the metadata filter", async () => {
    const a = await answerQuery(deps, { collection: "eval-set", query: "How do bees tell where flowers are?", k: 5, filter: { documentId: "volcano-eruptions" } }, { signal, call: direct });
    expect(a.citations.length).toBeGreaterThan(0);
    expect(new Set(a.citations.map((c) => c.documentId))).toEqual(new Set(["volcano-eruptions"]));
  });

  it("answers through an OpenAI-compatible chat API when configured: streamed tokens as progress deltas, with citations", async () => {
    const chatDeps: RagDeps = { ...deps, chat: createChatModel({ baseURL: chatUrl, apiKey: "chat-key", model: "stand-in-chat", timeoutMs: 10_000 }) };
    const reports: Progress[] = [];
    const a = await answerQuery(
      chatDeps,
      { collection: "eval-set", query: "How do bees tell their sisters where the blossoms are?", k: 3 },
      { signal, call: direct, progress: async (p) => void reports.push(p), streamIntervalMs: 0 },
    );
    expect(a).toMatchObject({ mode: "chat", model: "stand-in-chat", answer: CHAT_PIECES.join("") });
    expect(a.citations).toHaveLength(3);
    // The model was given the retrieved passages, numbered as the citations are.
    const req = chatRequests.at(-1);
    expect(req).toMatchObject({ model: "stand-in-chat", stream: true });
    const prompt = req?.messages.map((m) => m.content).join("\n") ?? "";
    a.citations.forEach((c, i) => {
      expect(prompt).toContain(`[${i + 1}]`);
      expect(prompt).toContain(c.text);
    });
    // The streamed deltas, in order, are the answer.
    expect(reports.map((r) => r.delta ?? "").join("")).toBe(CHAT_PIECES.join(""));
  });
});
