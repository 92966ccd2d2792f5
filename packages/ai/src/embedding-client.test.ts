import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../test-support/free-port.js";
import { createEmbeddingClient, type EmbeddingClientOptions } from "./embedding-client.js";
import { embeddingClientOptions, embeddingEnvSchema } from "./embedding-config.js";
import { EmbeddingError } from "./embedding-error.js";

// Against a small local server that speaks the OpenAI embeddings protocol (POST /v1/embeddings,
// float or base64, OpenAI's error shape). The client against the real GPU runner is tested in
// apps/gpu-runner (src/platform/embedding-client-against-runner.test.ts).
const KEY = "ai-test-key";
const DIM = 4;
let api: Server;
let apiUrl: string;
/** Inputs per request received, in order. */
const requests: number[] = [];

/** A deterministic vector per text: its length, char-code sum, first and last char codes. */
function vectorOf(text: string): number[] {
  const codes = Array.from(text, (ch) => ch.codePointAt(0) ?? 0);
  return [text.length, codes.reduce((a, b) => a + b, 0), codes[0] ?? 0, codes.at(-1) ?? 0].map((x) => Math.fround(x / 1000));
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function apiError(res: ServerResponse, status: number, message: string, code: string, param: string | null, headers: Record<string, string> = {}): void {
  send(res, status, { error: { message, type: status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error", param, code } }, headers);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (req.method !== "POST" || req.url !== "/v1/embeddings") return apiError(res, 404, `no route ${req.method} ${req.url}`, "not_found", null);
  if (req.headers.authorization !== `Bearer ${KEY}`) return apiError(res, 401, "unknown API key", "unauthorized", null);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { model: string; input: string[] | string; encoding_format?: string };
  const input = typeof body.input === "string" ? [body.input] : body.input;
  requests.push(input.length);
  if (body.model === "overloaded") return apiError(res, 503, "memory above the critical limit", "overloaded", null, { "retry-after": "5" });
  if (body.model !== "tiny" && body.model !== "short-answer") return apiError(res, 404, `model "${body.model}" is not loaded`, "model_not_found", "model");
  const empty = input.findIndex((t) => t.length === 0);
  if (empty >= 0) return apiError(res, 400, `input[${empty}] is empty`, "invalid_input", `input[${empty}]`);
  // "short-answer" drops the last vector: a response the client must refuse.
  const texts = body.model === "short-answer" ? input.slice(0, -1) : input;
  const encode = (v: number[]): number[] | string => (body.encoding_format === "base64" ? Buffer.from(Float32Array.from(v).buffer).toString("base64") : v);
  // Listed last to first: the client must put vectors back in input order by index.
  const data = texts.map((t, index) => ({ object: "embedding", index, embedding: encode(vectorOf(t)) })).reverse();
  send(res, 200, { object: "list", data, model: body.model, usage: { prompt_tokens: 0, total_tokens: 0 } });
}

function options(extra: Partial<EmbeddingClientOptions> = {}): EmbeddingClientOptions {
  return { baseURL: `${apiUrl}/v1`, apiKey: KEY, model: "tiny", timeoutMs: 30_000, maxRetries: 0, ...extra };
}

async function failure(p: Promise<unknown>): Promise<EmbeddingError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EmbeddingError);
  return err as EmbeddingError;
}

beforeAll(async () => {
  api = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterAll(async () => {
  api.closeAllConnections();
  await new Promise<void>((r) => api.close(() => r()));
});

describe("createEmbeddingClient against an OpenAI-compatible embeddings API", () => {
  const texts = ["The queue is empty.", "Workers take tasks by priority.", "Embeddings, batched!"];

  it("returns one vector per text, in input order (the SDK's base64 default decoded)", async () => {
    const r = await createEmbeddingClient(options()).embed(texts);
    expect(r).toEqual({ model: "tiny", dimension: DIM, embeddings: texts.map(vectorOf) });
  });

  it("splits long lists into several requests with the same result", async () => {
    const many = Array.from({ length: 7 }, (_, i) => `text ${i}: ${"word ".repeat(i + 1)}`);
    requests.length = 0;
    const split = await createEmbeddingClient(options({ maxInputsPerRequest: 3 })).embed(many);
    expect(requests).toEqual([3, 3, 1]);
    expect(split.embeddings).toEqual(many.map(vectorOf));
  });

  it("maps API errors to EmbeddingError with the HTTP status, code and param", async () => {
    const badKey = await failure(createEmbeddingClient(options({ apiKey: "wrong" })).embed(texts));
    expect(badKey).toMatchObject({ kind: "http", status: 401, retryable: false });

    const unknownModel = await failure(createEmbeddingClient(options({ model: "no-such-model" })).embed(texts));
    expect(unknownModel).toMatchObject({ kind: "http", status: 404, code: "model_not_found", param: "model", retryable: false });
    expect(unknownModel.message).toBe('embedding API answered 404: model "no-such-model" is not loaded');

    const empty = await failure(createEmbeddingClient(options()).embed(["fine", ""]));
    expect(empty).toMatchObject({ kind: "http", status: 400, code: "invalid_input", param: "input[1]", type: "invalid_request_error" });
  });

  it("a 503 with Retry-After is retryable and carries the wait", async () => {
    const err = await failure(createEmbeddingClient(options({ model: "overloaded" })).embed(texts));
    expect(err).toMatchObject({ kind: "http", status: 503, code: "overloaded", retryable: true, retryAfterSeconds: 5 });
  });

  it("refuses an answer with a vector missing", async () => {
    const err = await failure(createEmbeddingClient(options({ model: "short-answer" })).embed(texts));
    expect(err).toMatchObject({ kind: "invalid_response", status: null, retryable: false });
    expect(err.message).toBe("expected 3 embeddings, got 2");
  });

  it("refuses an empty list and a missing key before sending anything", async () => {
    requests.length = 0;
    expect(await failure(createEmbeddingClient(options()).embed([]))).toMatchObject({ kind: "invalid_request", status: null });
    expect(() => createEmbeddingClient(options({ apiKey: "" }))).toThrow(EmbeddingError);
    expect(requests).toEqual([]);
  });
});

describe("createEmbeddingClient transport failures", () => {
  let silent: Server;
  let silentUrl: string;
  beforeAll(async () => {
    // Accepts connections and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it("an unreachable server is a retryable connection error without a status", async () => {
    const port = await freePort();
    const err = await failure(createEmbeddingClient(options({ baseURL: `http://127.0.0.1:${port}/v1` })).embed(["x"]));
    expect(err).toMatchObject({ kind: "connection", status: null, retryable: true });
  });

  it("no answer within timeoutMs is a retryable timeout", async () => {
    const err = await failure(createEmbeddingClient(options({ baseURL: silentUrl, timeoutMs: 200 })).embed(["x"]));
    expect(err).toMatchObject({ kind: "timeout", status: null, retryable: true });
  });

  it("the caller's AbortSignal stops the request", async () => {
    const controller = new AbortController();
    const pending = createEmbeddingClient(options({ baseURL: silentUrl })).embed(["x"], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toMatchObject({ kind: "aborted", retryable: false });
  });
});

describe("embedding configuration", () => {
  it("defaults to the local runner and its default model; pointing elsewhere is configuration only", () => {
    const env = embeddingEnvSchema.parse({});
    expect(env).toEqual({
      EMBEDDING_BASE_URL: "http://127.0.0.1:3001/v1",
      EMBEDDING_API_KEY: "",
      EMBEDDING_MODEL: "use-lite",
      EMBEDDING_TIMEOUT_MS: 30_000,
      EMBEDDING_MAX_RETRIES: 2,
    });
    expect(embeddingClientOptions(env)).toBeNull();
    const hosted = embeddingEnvSchema.parse({
      EMBEDDING_BASE_URL: "https://api.openai.com/v1",
      EMBEDDING_API_KEY: "sk-test",
      EMBEDDING_MODEL: "text-embedding-3-small",
      EMBEDDING_TIMEOUT_MS: "10000",
    });
    expect(embeddingClientOptions(hosted)).toEqual({
      baseURL: "https://api.openai.com/v1",
      apiKey: "sk-test",
      model: "text-embedding-3-small",
      timeoutMs: 10_000,
      maxRetries: 2,
    });
    expect(() => embeddingEnvSchema.parse({ EMBEDDING_BASE_URL: "not a url" })).toThrow(/EMBEDDING_BASE_URL/);
  });
});
