import { createEmbeddingClient, DEFAULT_EMBEDDING_BASE_URL, DEFAULT_EMBEDDING_MODEL, EmbeddingError, type EmbeddingClientOptions } from "@switchyard/ai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { defaultConfig } from "../config.js";
import { silentLogger } from "../logger.js";
import { startRunnerServer, type RunnerServer } from "../server.js";
import { ensureUseLite } from "../testing/use-lite-fixture.js";

// The platform's embedding client (@switchyard/ai) against a real runner (USE-lite on CPU) on
// a free port. It lives here, not in packages/ai: a package must not depend on an app.
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

describe("@switchyard/ai's embedding client against the GPU runner", () => {
  const texts = ["The queue is empty.", "Workers take tasks by priority.", "Embeddings on a GPU, batched."];

  it("its defaults are this runner's defaults (address and model)", () => {
    const d = defaultConfig();
    expect(DEFAULT_EMBEDDING_MODEL).toBe(d.defaultModel);
    expect(DEFAULT_EMBEDDING_BASE_URL).toBe(`http://${d.host}:${d.port}/v1`);
  });

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

  it("maps the runner's errors to EmbeddingError with the HTTP status, code and param", async () => {
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
});
