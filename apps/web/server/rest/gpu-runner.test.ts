import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestGpuRunner, type TestGpuRunner } from "../../../../test-support/gpu-runner.js";
import { startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

type Json = Record<string, unknown>;

describe("GET /api/v1/gpu-runner", () => {
  let runner: TestGpuRunner;
  let withRunner: TestPlatform;
  let without: TestPlatform;
  beforeAll(async () => {
    runner = await startTestGpuRunner();
    [withRunner, without] = await Promise.all([
      startTestPlatform({ redisUrl: inject("redisUrl"), gpuRunner: { url: runner.url, key: runner.key } }),
      startTestPlatform({ redisUrl: inject("redisUrl") }),
    ]);
  });
  afterAll(async () => {
    await withRunner?.close();
    await without?.close();
    await runner?.close();
  });

  it("answers 503 UNAVAILABLE naming GPU_RUNNER_URL when no runner is configured", async () => {
    const res = await without.api("/api/v1/gpu-runner");
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("UNAVAILABLE");
    expect(body.error.message).toMatch(/GPU_RUNNER_URL/);
  });

  it("answers 503 when the configured runner stops answering", async () => {
    const gone = await startTestGpuRunner();
    const p = await startTestPlatform({ redisUrl: inject("redisUrl"), gpuRunner: { url: gone.url, key: gone.key } });
    try {
      expect((await p.api("/api/v1/gpu-runner")).status).toBe(200);
      await gone.close();
      const res = await p.api("/api/v1/gpu-runner");
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/unreachable/);
    } finally {
      await p.close();
    }
  });

  it("needs a token", async () => {
    expect((await withRunner.api("/api/v1/gpu-runner", { token: null })).status).toBe(401);
  });

  it("returns the runner's health and its metrics (the answer matches the OpenAPI document)", async () => {
    expect(await runner.infer([[1, 2, 3], [4, 5, 6]])).toBe(200);
    expect(await runner.refuse()).toBe(401);
    const res = await withRunner.api("/api/v1/gpu-runner");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json & {
      health: { provider: { fallback: boolean; active: string }; models: Array<{ id: string }> };
      metrics: { batches: number; completedRequests: number; refusals: number; batchSizes: Array<{ upTo: number | null; count: number }> };
    };
    expect(body.health.provider).toEqual(runner.server.runner.health().provider);
    expect(body.health.models.map((m) => m.id)).toEqual(["linear"]);
    expect(body.metrics.batches).toBe(1);
    expect(body.metrics.batchSizes.find((b) => b.upTo === 2)?.count).toBe(1);
    expect(body.metrics.completedRequests).toBe(1);
    expect(body.metrics.refusals).toBe(1);
    expect(body["metricsError"]).toBeNull();
  });
});
