import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestGpuRunner, type TestGpuRunner } from "../../../test-support/gpu-runner.js";
import { startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { lastJsonLine, runCli } from "./cli-process.js";

/** `switchyard gpu` (get-gpu-runner) and `switchyard stats` (get-task-stats) against a real platform and runner. */
describe("gpu and stats commands", { timeout: 120_000 }, () => {
  let runner: TestGpuRunner;
  let p: TestPlatform;
  beforeAll(async () => {
    runner = await startTestGpuRunner();
    p = await startTestPlatform({ redisUrl: inject("redisUrl"), gpuRunner: { url: runner.url, key: runner.key } });
  });
  afterAll(async () => {
    await p?.close();
    await runner?.close();
  });
  const cli = (args: string[]) => runCli(args, { env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: p.token } });

  it("gpu: the provider with the fallback reason, models, queue and metrics; --json is the API's answer", async () => {
    expect(await runner.infer([[1, 2, 3]])).toBe(200);
    const text = await cli(["gpu"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/provider: +cpu \(fell back from auto: CUDA/);
    expect(text.stdout).toMatch(/models: +linear/);
    expect(text.stdout).toMatch(/requests: +1 completed, 0 refused/);
    const json = await cli(["gpu", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(lastJsonLine<{ health: { provider: { fallback: boolean } } }>(json.stdout).health.provider.fallback).toBe(true);
  });

  it("stats: one line per pool; a bad --minutes is refused before any request", async () => {
    const r = await cli(["stats", "--pool", "batch", "--minutes", "5"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^POOL +COMPLETED +FAILED/m);
    expect(r.stdout).toMatch(/^batch +0 +0 +- +-/m);
    const bad = await cli(["stats", "--minutes", "2"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/minutes/);
  });
});
