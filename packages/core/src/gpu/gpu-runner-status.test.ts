import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnavailableError } from "@switchyard/shared";
import { startTestGpuRunner, type TestGpuRunner } from "../../../../test-support/gpu-runner.js";
import { readGpuRunnerStatus, summarizeRunnerMetrics } from "./gpu-runner-status.js";
import { bucketCounts, histogram, parsePrometheusText, quantile } from "./prometheus-text.js";

describe("Prometheus text parsing", () => {
  it("reads names, escaped labels, special values and timestamps, and skips comments and malformed lines", () => {
    const samples = parsePrometheusText(
      [
        "# HELP a_total Things",
        "# TYPE a_total counter",
        'a_total{reason="say \\"hi\\"",path="C:\\\\x",note="two\\nlines"} 3',
        "b_gauge 1.5e3 1712345678000",
        'c_bucket{le="+Inf"} 7',
        "d NaN",
        "not a sample line",
        'e{bad="unterminated} 1',
        "",
      ].join("\n"),
    );
    expect(samples.map((s) => s.name)).toEqual(["a_total", "b_gauge", "c_bucket", "d"]);
    expect(samples[0]?.labels).toEqual({ reason: 'say "hi"', path: "C:\\x", note: "two\nlines" });
    expect(samples[1]?.value).toBe(1500);
    expect(samples[2]?.labels).toEqual({ le: "+Inf" });
    expect(Number.isNaN(samples[3]?.value)).toBe(true);
  });

  it("merges a histogram over labels and estimates quantiles like histogram_quantile", () => {
    const h = histogram(
      parsePrometheusText(
        [
          'x_bucket{le="1",m="a"} 2',
          'x_bucket{le="2",m="a"} 6',
          'x_bucket{le="+Inf",m="a"} 8',
          'x_bucket{le="1",m="b"} 2',
          'x_bucket{le="2",m="b"} 2',
          'x_bucket{le="+Inf",m="b"} 2',
          'x_count{m="a"} 8',
          'x_count{m="b"} 2',
        ].join("\n"),
      ),
      "x",
    );
    expect(h.cumulative).toEqual([
      { le: 1, count: 4 },
      { le: 2, count: 8 },
      { le: Number.POSITIVE_INFINITY, count: 10 },
    ]);
    expect(h.count).toBe(10);
    expect(bucketCounts(h).map((b) => b.count)).toEqual([4, 4, 2]);
    // rank 5 of 10: one quarter into (1, 2].
    expect(quantile(h, 0.5)).toBeCloseTo(1.25);
    // rank 2 of 10: half-way into [0, 1].
    expect(quantile(h, 0.2)).toBeCloseTo(0.5);
    // rank 9.5 falls in +Inf: the highest finite bound.
    expect(quantile(h, 0.95)).toBe(2);
    expect(quantile(histogram([], "x"), 0.5)).toBeNull();
  });
});

describe("the GPU runner's real /health and /metrics", () => {
  let runner: TestGpuRunner;
  beforeAll(async () => {
    runner = await startTestGpuRunner();
  });
  afterAll(() => runner?.close());

  it("summarizes batch sizes, latencies, completed requests and refusals from the runner's own /metrics", async () => {
    expect(await runner.infer([[1, 2, 3], [4, 5, 6]])).toBe(200);
    expect(await runner.infer([[7, 8, 9]])).toBe(200);
    expect(await runner.refuse()).toBe(401);
    const res = await fetch(`${runner.url}/metrics`, { headers: { authorization: `Bearer ${runner.key}` } });
    const text = await res.text();
    const m = summarizeRunnerMetrics(text);
    // One batch of 1 row, one of 2 (the two calls ran one after the other).
    expect(m.batchSizes.slice(0, 3)).toEqual([
      { upTo: 1, count: 1 },
      { upTo: 2, count: 1 },
      { upTo: 4, count: 0 },
    ]);
    expect(m.batchSizes.at(-1)).toEqual({ upTo: null, count: 0 });
    expect(m.batches).toBe(2);
    expect(m.rows).toBe(3);
    expect(m.completedRequests).toBe(2);
    expect(m.refusals).toBe(1);
    expect(m.refusalsByReason).toEqual([{ reason: "unauthorized", count: 1 }]);
    expect(m.requestsByOutcome).toEqual([
      { outcome: "ok", count: 2 },
      { outcome: "unauthorized", count: 1 },
    ]);
    expect(m.queueWait.count).toBe(2);
    expect(m.compute.count).toBe(2);
    expect(m.compute.p50Ms).not.toBeNull();
    expect(m.compute.p95Ms ?? 0).toBeGreaterThanOrEqual(m.compute.p50Ms ?? Infinity);
    // The provider's fallback reason survives the label escaping intact.
    const info = parsePrometheusText(text).find((s) => s.name === "gpu_runner_execution_provider_info");
    expect(info?.labels["fallback_reason"]).toBe(runner.server.runner.health().provider.fallbackReason ?? "");
  });

  it("reads health and metrics with the key, health alone without it", async () => {
    const withKey = await readGpuRunnerStatus({ url: runner.url, key: runner.key });
    expect(withKey.health.provider).toEqual(runner.server.runner.health().provider);
    expect(withKey.health.models.map((x) => x.id)).toEqual(["linear"]);
    expect(withKey.metrics?.batches).toBeGreaterThanOrEqual(2);
    expect(withKey.metricsError).toBeNull();

    const noKey = await readGpuRunnerStatus({ url: runner.url });
    expect(noKey.health.status).toBe("ok");
    expect(noKey.metrics).toBeNull();
    expect(noKey.metricsError).toMatch(/GPU_RUNNER_KEY/);

    const wrongKey = await readGpuRunnerStatus({ url: runner.url, key: "wrong" });
    expect(wrongKey.metrics).toBeNull();
    expect(wrongKey.metricsError).toMatch(/HTTP 401/);
  });
});

describe("an absent or unreachable runner", () => {
  it("is UNAVAILABLE when none is configured", async () => {
    await expect(readGpuRunnerStatus(null)).rejects.toThrow(UnavailableError);
    await expect(readGpuRunnerStatus(null)).rejects.toThrow(/GPU_RUNNER_URL/);
  });

  it("is UNAVAILABLE when nothing listens, and when the runner does not answer in time", async () => {
    // A port that was free a moment ago: connection refused.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(readGpuRunnerStatus({ url: `http://127.0.0.1:${port}` })).rejects.toThrow(/unreachable/);

    // Accepts, never answers: the timeout ends the wait (the server outlives the request).
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      await expect(readGpuRunnerStatus({ url, timeoutMs: 200 })).rejects.toThrow(/unreachable: no answer in time/);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("is UNAVAILABLE when something else answers /health", async () => {
    const other = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"hello":"world"}'));
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      await expect(readGpuRunnerStatus({ url })).rejects.toThrow(/other than its health report/);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });
});
