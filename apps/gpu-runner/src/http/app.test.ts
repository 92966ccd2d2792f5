import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { InlineSessionHost } from "../engine/session-host.js";
import { silentLogger } from "../logger.js";
import { startRunnerServer, type RunnerServer } from "../server.js";
import { gatedHost } from "../testing/gated-host.js";
import { writeLinearModel } from "../testing/tiny-models.js";
import { ensureUseLite } from "../testing/use-lite-fixture.js";

const KEY = "test-runner-key";
const PLATFORM_TOKEN = "sy_platform_token_for_tests";
const root = mkdtempSync(join(tmpdir(), "runner-http-"));
const W = [
  [1, -1],
  [0.5, 2],
  [-3, 0.25],
];
const B = [0.1, -0.2];
const linear = (x: number[]) => B.map((b, j) => x.reduce((s, xi, i) => s + xi * (W[i]?.[j] ?? 0), b));

let useDir: string;
beforeAll(async () => {
  useDir = await ensureUseLite();
  writeLinearModel(join(root, "linear"), W, B);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function call(server: RunnerServer, path: string, init: RequestInit & { json?: unknown; key?: string | null } = {}) {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set("authorization", `Bearer ${init.key ?? KEY}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const res = await fetch(server.url + path, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json), method: init.method ?? "POST" } : {}) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (metrics)
  }
  return { status: res.status, headers: res.headers, body: body as Record<string, unknown> & { error: { message: string; type: string; param: string | null; code: string } } };
}

describe("HTTP API", () => {
  let server: RunnerServer;
  beforeAll(async () => {
    server = await startRunnerServer(
      {
        host: "127.0.0.1",
        port: 0,
        modelsDir: root,
        extraModelDirs: [useDir],
        autoExport: false,
        apiKeys: [KEY],
        logLevel: "silent",
        http: { bodyLimitBytes: 64 * 1024, maxInputs: 16 },
      },
      { logger: silentLogger, verifyToken: async (t) => t === PLATFORM_TOKEN },
    );
  });
  afterAll(() => server?.close());

  it("serves /health without auth: provider, fallback reason, models, queue, memory", async () => {
    const r = await call(server, "/health", { key: null });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "ok", provider: { requested: "auto" }, queue: { depth: 0 }, memory: { state: "ok" } });
    const provider = r.body["provider"] as { active: string; fallbackReason: string | null };
    if (provider.active === "cpu") expect(provider.fallbackReason).toMatch(/CUDA/);
    expect((r.body["models"] as Array<{ id: string }>).map((m) => m.id).sort()).toEqual(["linear", "use-lite"]);
  });

  it("needs a bearer token everywhere else: runner keys and platform tokens", async () => {
    for (const path of ["/v1/models", "/metrics", "/v2", "/v2/models/linear", "/v2/models/linear/ready"]) {
      const missing = await call(server, path, { key: null });
      expect(missing.status, path).toBe(401);
      expect(missing.headers.get("www-authenticate")).toMatch(/Bearer/);
    }
    const wrong = await call(server, "/v1/models", { key: "nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ type: "invalid_request_error", code: "unauthorized" });
    expect((await call(server, "/v1/models", { key: PLATFORM_TOKEN })).status).toBe(200);
  });

  it("answers the official openai client with the in-process vectors (float and base64)", async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const input = ["The worker restarted after the deploy.", "Zürich café ☕ naïve"];
    const local = await server.runner.embed(input);
    const asFloat = await client.embeddings.create({ model: "use-lite", input, encoding_format: "float" });
    expect(asFloat.object).toBe("list");
    expect(asFloat.model).toBe("use-lite");
    expect(asFloat.usage).toEqual({ prompt_tokens: local.tokens, total_tokens: local.tokens });
    expect(asFloat.data.map((d) => d.index)).toEqual([0, 1]);
    asFloat.data.forEach((d, i) => expect(d.embedding.map((x) => Math.fround(x))).toEqual(local.embeddings[i]));
    // The client's default asks for base64 and decodes it to numbers.
    const viaDefault = await client.embeddings.create({ model: "use-lite", input });
    viaDefault.data.forEach((d, i) => expect(d.embedding).toEqual(local.embeddings[i]));
    // A single string, compared with the same single text in-process (batch composition
    // changes float rounding in the last bits, so like is compared with like).
    const alone = await server.runner.embed([input[0] ?? ""]);
    const raw = await client.embeddings.create({ model: "use-lite", input: input[0] ?? "", encoding_format: "base64" });
    const b64 = raw.data[0]?.embedding as unknown as string;
    const buf = Buffer.from(b64, "base64");
    expect(buf.length).toBe(512 * 4);
    expect(Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4))).toEqual(alone.embeddings[0]);
  });

  it("lists models for /v1/models", async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining(["use-lite", "universal-sentence-encoder-lite", "linear"]));
  });

  it("refuses bad requests with a 400 in OpenAI's error shape naming the field", async () => {
    const cases: Array<[unknown, string | null, RegExp]> = [
      [{ model: "use-lite" }, "input", /input is required/],
      [{ model: "use-lite", input: [1, 2, 3] }, "input", /token arrays are not supported/],
      [{ model: "use-lite", input: [[1, 2]] }, "input", /token arrays/],
      [{ model: "use-lite", input: ["ok", ""] }, "input[1]", /empty/],
      [{ model: "use-lite", input: "x", dimensions: 256 }, "dimensions", /only 512-dimensional|512-dimensional/],
      [{ model: "use-lite", input: "x", encoding_format: "int8" }, "encoding_format", /encoding_format/],
      [{ model: "use-lite", input: Array.from({ length: 17 }, () => "x") }, "input", /at most 16/],
      [{ model: "linear", input: "x" }, "model", /not a text-embedding model/],
    ];
    for (const [json, param, message] of cases) {
      const r = await call(server, "/v1/embeddings", { json });
      expect(r.status, JSON.stringify(json)).toBe(400);
      expect(r.body.error.type).toBe("invalid_request_error");
      expect(r.body.error.param, JSON.stringify(json)).toBe(param);
      expect(r.body.error.message).toMatch(message);
    }
    const notFound = await call(server, "/v1/embeddings", { json: { model: "gpt-9", input: "x" } });
    expect(notFound.status).toBe(404);
    expect(notFound.body.error).toMatchObject({ code: "model_not_found", param: "model" });
    const badJson = await call(server, "/v1/embeddings", { method: "POST", body: "{nope", headers: { "content-type": "application/json" } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.message).toMatch(/not valid JSON/);
    expect((await call(server, "/v1/embeddings", { json: { input: "x", model: "use-lite" }, headers: { "x-priority": "asap" } })).body.error.param).toBe("X-Priority");
  });

  it("refuses bodies over the limit with 413 before reading them", async () => {
    const big = "x".repeat(70 * 1024);
    const r = await call(server, "/v1/embeddings", { json: { model: "use-lite", input: big } });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe("payload_too_large");
    // Without Content-Length (chunked), the body is cut off once it passes the limit.
    const chunk = new TextEncoder().encode(`{"model":"use-lite","input":"${"y".repeat(80 * 1024)}"}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const chunked = await fetch(`${server.url}/v1/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const metrics = await server.runner.metrics.registry.getSingleMetricAsString("gpu_runner_refusals_total");
    expect(metrics).toMatch(/reason="payload_too_large"} 2/);
  });

  it("ranks candidates by similarity", async () => {
    const r = await call(server, "/v1/similarity", {
      json: {
        query: "How do I restart a stuck worker?",
        candidates: ["Bananas are rich in potassium.", "Restarting a worker that is stuck: drain it, then start it again.", "The stock market closed higher."],
      },
    });
    expect(r.status).toBe(200);
    const data = r.body["data"] as Array<{ index: number; score: number; text: string }>;
    expect(data[0]?.index).toBe(1);
    expect(data.map((d) => d.score)).toEqual([...data.map((d) => d.score)].sort((a, b) => b - a));
  });

  it("classifies zero-shot: labels ranked, scores a softmax over cosine", async () => {
    const r = await call(server, "/v1/classify", {
      json: { texts: ["The striker scored twice in the final minutes of the match.", "Whisk the eggs with sugar, then fold in the flour."], labels: ["sports", "cooking", "finance"] },
    });
    expect(r.status).toBe(200);
    const data = r.body["data"] as Array<{ labels: Array<{ label: string; score: number }> }>;
    expect(data[0]?.labels[0]?.label).toBe("sports");
    expect(data[1]?.labels[0]?.label).toBe("cooking");
    for (const d of data) expect(d.labels.reduce((s, l) => s + l.score, 0)).toBeCloseTo(1, 6);
    const bad = await call(server, "/v1/classify", { json: { text: "x", labels: ["only-one"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe("labels");
  });

  it("implements KServe v2 health, metadata, readiness and infer", async () => {
    expect((await call(server, "/v2/health/live")).body).toEqual({ live: true });
    expect((await call(server, "/v2/health/ready")).body).toEqual({ ready: true });
    const meta = await call(server, "/v2/models/linear");
    expect(meta.body).toMatchObject({
      name: "linear",
      platform: "onnxruntime_onnx",
      inputs: [{ name: "x", datatype: "FP32", shape: [-1, 3] }],
      outputs: [{ name: "y", datatype: "FP32", shape: [-1, 2] }],
    });
    expect((await call(server, "/v2/models/linear/ready")).body).toEqual({ name: "linear", ready: true });
    expect((await call(server, "/v2/models/nope")).status).toBe(404);
    const x = [
      [1, 2, 3],
      [-1, 0.5, 0],
    ];
    const r = await call(server, "/v2/models/linear/infer", { json: { id: "req-1", inputs: [{ name: "x", shape: [2, 3], datatype: "FP32", data: x.flat() }] } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ model_name: "linear", id: "req-1", outputs: [{ name: "y", shape: [2, 2], datatype: "FP32" }] });
    const y = ((r.body["outputs"] as Array<{ data: number[] }>)[0]?.data ?? []) as number[];
    x.flatMap(linear).forEach((v, i) => expect(y[i]).toBeCloseTo(v, 5));
    const bad = await call(server, "/v2/models/linear/infer", { json: { inputs: [{ name: "x", shape: [1, 2], datatype: "FP32", data: [1, 2] }] } });
    expect(bad.status).toBe(400);
    expect(String(bad.body["error"])).toMatch(/dim 1 must be 3/);
    const useLite = await call(server, "/v2/models/use-lite/infer", { json: { inputs: [{ name: "indices", shape: [1, 2], datatype: "INT64", data: [0, 0] }] } });
    expect(useLite.status).toBe(400);
  });

  it("exposes Prometheus metrics", async () => {
    const r = await call(server, "/metrics");
    expect(r.status).toBe(200);
    const text = String(r.body);
    for (const name of [
      "gpu_runner_batch_size_bucket",
      "gpu_runner_queue_depth",
      "gpu_runner_queue_wait_seconds_bucket",
      "gpu_runner_compute_seconds_bucket",
      "gpu_runner_execution_provider_info",
      "gpu_runner_requests_total",
      "gpu_runner_refusals_total",
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/gpu_runner_requests_total\{api="openai",model="use-lite",outcome="ok"\} [1-9]/);
  });
});

describe("HTTP API under load: cross-request batching and backpressure", () => {
  let server: RunnerServer;
  let gate: ReturnType<typeof gatedHost>;
  beforeAll(async () => {
    gate = gatedHost(new InlineSessionHost());
    server = await startRunnerServer(
      { host: "127.0.0.1", port: 0, modelsDir: root, extraModelDirs: [useDir], autoExport: false, apiKeys: [KEY], logLevel: "silent", queue: { maxDepth: 8 }, warmup: false },
      { logger: silentLogger, sessionHost: gate },
    );
  });
  afterAll(() => server?.close());

  it("batches concurrent KServe infer calls together and refuses beyond the queue depth with 429 + Retry-After", async () => {
    const infer = (row: number[]) => call(server, "/v2/models/linear/infer", { json: { inputs: [{ name: "x", shape: [1, 3], datatype: "FP32", data: row }] } });
    const first = infer([0, 0, 1]);
    await vi.waitFor(() => expect(gate.runs).toBe(1));
    const rows = Array.from({ length: 8 }, (_, i) => [i, i / 2, -i]);
    const pending = rows.map(infer);
    await vi.waitFor(() => expect(server.runner.health().queue.depth).toBe(8));

    const refused = await call(server, "/v1/embeddings", { json: { model: "use-lite", input: "no room" } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.body.error).toMatchObject({ type: "rate_limit_error", code: "queue_full" });
    const refusedKserve = await infer([1, 1, 1]);
    expect(refusedKserve.status).toBe(429);
    expect(refusedKserve.headers.get("retry-after")).not.toBeNull();

    gate.open();
    const results = await Promise.all([first, ...pending]);
    [[0, 0, 1], ...rows].forEach((row, i) => {
      const r = results[i];
      expect(r?.status).toBe(200);
      const y = (r?.body["outputs"] as Array<{ data: number[] }>)[0]?.data ?? [];
      linear(row).forEach((v, j) => expect(y[j]).toBeCloseTo(v, 5));
    });
    const hist = await server.runner.metrics.registry.getSingleMetricAsString("gpu_runner_batch_size");
    // 9 single-row requests in 2 batches: the blocked one, then the 8 that queued behind it.
    expect(hist).toMatch(/gpu_runner_batch_size_sum\{model="linear"\} 9/);
    expect(hist).toMatch(/gpu_runner_batch_size_count\{model="linear"\} 2/);
  });
});
