import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { defaultConfig, silentLogger, startRunnerServer, type RunnerServer } from "@switchyard/gpu-runner";
import { ensureUseLite } from "../../../apps/gpu-runner/src/testing/use-lite-fixture.js";
import { freePort } from "../../../test-support/free-port.js";
import { createEmbeddingClient, type EmbeddingClientOptions } from "./embedding-client.js";
import { embeddingClientOptions, embeddingEnvSchema } from "./embedding-config.js";
import { EmbeddingError } from "./embedding-error.js";

// Against a real GPU runner (USE-lite on CPU) on a free port: no mocked HTTP.
const KEY = "ai-test-key";
let server: RunnerServer;
let rssMb = 100;

function options(extra: Partial<EmbeddingClientOptions> = {}): EmbeddingClientOptions {
  return { baseURL: `${server.url}/v1`, apiKey: KEY, model: "use-lite", timeoutMs: 30_000, maxRetries: 0, ...extra };
}

async function failure(p: Promise<unknown>): Promise<EmbeddingError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EmbeddingError);
  return err as EmbeddingError;
}

function maxAbsDiff(a: number[][], b: number[][]): number {
  expect(a.map((v) => v.length)).toEqual(b.map((v) => v.length));
  return Math.max(...a.flatMap((v, i) => v.map((x, j) => Math.abs(x - (b[i]?.[j] ?? Number.NaN)))));
}

beforeAll(async () => {
  const useDir = await ensureUseLite();
  server = await startRunnerServer(
    {
      port: 0,
      apiKeys: [KEY],
      modelsDir: "/nonexistent",
      extraModelDirs: [useDir],
      autoExport: false,
      warmup: false,
      executionProvider: "cpu",
      sessionReplicas: 1,
      logLevel: "silent",
      memory: { softLimitMb: 1_000, criticalLimitMb: 2_000, checkIntervalMs: 10 },
    },
    { logger: silentLogger, readRss: () => rssMb * 1024 * 1024 },
  );
});

afterAll(async () => {
  await server?.close();
});

describe("createEmbeddingClient against the GPU runner", () => {
  const texts = ["The queue is empty.", "Workers take tasks by priority.", "Embeddings on a GPU, batched."];

  it("returns the runner's own embeddings, in input order", async () => {
    const client = createEmbeddingClient(options());
    const r = await client.embed(texts);
    const direct = await server.runner.embed(texts);
    expect(r.model).toBe("use-lite");
    expect(r.dimension).toBe(512);
    expect(r.embeddings).toHaveLength(3);
    expect(maxAbsDiff(r.embeddings, direct.embeddings)).toBeLessThan(1e-6);
    // Different texts, different vectors: the order is not scrambled.
    expect(maxAbsDiff([r.embeddings[0]!], [r.embeddings[1]!])).toBeGreaterThan(1e-3);
  });

  it("splits long lists into several requests with the same result", async () => {
    const many = Array.from({ length: 7 }, (_, i) => `text ${i}: ${"word ".repeat(i + 1)}`);
    const whole = await createEmbeddingClient(options()).embed(many);
    const split = await createEmbeddingClient(options({ maxInputsPerRequest: 3 })).embed(many);
    expect(split.embeddings).toHaveLength(7);
    expect(maxAbsDiff(split.embeddings, whole.embeddings)).toBeLessThan(1e-6);
  });

  it("maps API errors to EmbeddingError with the HTTP status, code and param", async () => {
    const badKey = await failure(createEmbeddingClient(options({ apiKey: "wrong" })).embed(texts));
    expect(badKey).toMatchObject({ kind: "http", status: 401, retryable: false });

    const unknownModel = await failure(createEmbeddingClient(options({ model: "no-such-model" })).embed(texts));
    expect(unknownModel).toMatchObject({ kind: "http", status: 404, code: "model_not_found", param: "model", retryable: false });
    expect(unknownModel.message).toMatch(/^embedding API answered 404: model "no-such-model" is not loaded/);

    const empty = await failure(createEmbeddingClient(options()).embed(["fine", ""]));
    expect(empty).toMatchObject({ kind: "http", status: 400, code: "invalid_input", param: "input[1]", type: "invalid_request_error" });
  });

  it("an overloaded runner is a retryable 503 with Retry-After", async () => {
    rssMb = 3_000;
    try {
      await vi.waitFor(() => expect(server.runner.health().memory.state).toBe("critical"), { timeout: 5_000 });
      const err = await failure(createEmbeddingClient(options()).embed(texts));
      expect(err).toMatchObject({ kind: "http", status: 503, code: "overloaded", retryable: true, retryAfterSeconds: 5 });
    } finally {
      rssMb = 100;
    }
    await vi.waitFor(() => expect(server.runner.health().memory.state).toBe("ok"), { timeout: 5_000 });
  });

  it("refuses an empty list and a missing key before sending anything", async () => {
    expect(await failure(createEmbeddingClient(options()).embed([]))).toMatchObject({ kind: "invalid_request", status: null });
    expect(() => createEmbeddingClient(options({ apiKey: "" }))).toThrow(EmbeddingError);
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
    const started = Date.now();
    const err = await failure(createEmbeddingClient(options({ baseURL: silentUrl, timeoutMs: 200 })).embed(["x"]));
    expect(err).toMatchObject({ kind: "timeout", status: null, retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
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
      EMBEDDING_MODEL: defaultConfig().defaultModel,
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
