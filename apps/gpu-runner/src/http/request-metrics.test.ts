import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkMetrics, metricFamilies, sampleValue } from "../../../../test-support/prometheus.js";
import { silentLogger } from "../logger.js";
import { startRunnerServer, type RunnerServer } from "../server.js";
import { writeLinearModel } from "../testing/tiny-models.js";
import { ensureUseLite } from "../testing/use-lite-fixture.js";

const KEY = "runner-metrics-test-key";
const root = mkdtempSync(join(tmpdir(), "runner-metrics-"));
let server: RunnerServer;

beforeAll(async () => {
  const useDir = await ensureUseLite();
  writeLinearModel(join(root, "linear"), [[1], [2], [3]], [0]);
  server = await startRunnerServer(
    {
      host: "127.0.0.1",
      port: 0,
      modelsDir: root,
      extraModelDirs: [useDir],
      autoExport: false,
      apiKeys: [KEY],
      logLevel: "silent",
      http: { bodyLimitBytes: 16 * 1024, maxInputs: 16 },
    },
    { logger: silentLogger },
  );
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

function post(path: string, body: string, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }): Promise<Response> {
  return fetch(server.url + path, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}

describe("runner /metrics", () => {
  it("times and counts every inference request, early refusals included, clean under promtool", async () => {
    const embed = (input: unknown, model = "use-lite") => JSON.stringify({ model, input });
    expect((await post("/v1/embeddings", embed("hello"), {})).status).toBe(401);
    expect((await post("/v1/embeddings", embed("x".repeat(20_000)))).status).toBe(413);
    expect((await post("/v1/embeddings", "{not json")).status).toBe(400);
    expect((await post("/v1/embeddings", embed("hello", "no-such-model"))).status).toBe(404);
    expect((await post("/v1/embeddings", embed("hello"))).status).toBe(200);
    expect((await post("/v1/embeddings", embed(["one", "two"]))).status).toBe(200);
    const infer = JSON.stringify({ inputs: [{ name: "x", shape: [1, 3], datatype: "FP32", data: [1, 2, 3] }] });
    expect((await post("/v2/models/linear/infer", infer)).status).toBe(200);

    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } });
    const text = await res.text();
    const requests = (labels: Record<string, string>) => sampleValue(text, "gpu_runner_requests_total", labels);
    expect(requests({ api: "openai", model: "unknown", outcome: "unauthorized" })).toBe(1);
    expect(requests({ api: "openai", model: "unknown", outcome: "payload_too_large" })).toBe(1);
    expect(requests({ api: "openai", model: "unknown", outcome: "invalid_input" })).toBe(1);
    expect(requests({ api: "openai", model: "unknown", outcome: "model_not_found" })).toBe(1);
    expect(requests({ api: "openai", model: "use-lite", outcome: "ok" })).toBe(2);
    expect(requests({ api: "kserve", model: "linear", outcome: "ok" })).toBe(1);

    // End-to-end latency by route template: the refusals are filed under the endpoint.
    const count = (route: string, status: string) =>
      sampleValue(text, "gpu_runner_http_request_duration_seconds_count", { method: "POST", route, status });
    expect(count("/v1/embeddings", "401")).toBe(1);
    expect(count("/v1/embeddings", "413")).toBe(1);
    expect(count("/v1/embeddings", "400")).toBe(1);
    expect(count("/v1/embeddings", "404")).toBe(1);
    expect(count("/v1/embeddings", "200")).toBe(2);
    expect(count("/v2/models/:name/infer", "200")).toBe(1);
    expect(sampleValue(text, "gpu_runner_nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);

    const families = metricFamilies(text);
    for (const [name, type] of families) if (name.endsWith("_total")) expect(type, name).toBe("counter");
    // Every metric a help text points at exists.
    for (const m of text.matchAll(/^# HELP \S+ .*?\b(gpu_runner_[a-z_]+)/gm)) expect(families.has(m[1] ?? ""), m[1]).toBe(true);
    const check = await checkMetrics(text);
    expect(check.output).toBe("");
    expect(check.code).toBe(0);
  });
});
