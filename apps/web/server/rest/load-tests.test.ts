import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eventually, startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
  await p.startWorker({ poolNames: ["batch"], concurrency: 20 });
});
afterAll(async () => {
  await p?.close();
});

type Json = Record<string, unknown>;
const json = (r: Response) => r.json() as Promise<Json>;

describe("POST /api/v1/load-tests", () => {
  it("runs a bounded load and reports throughput and latency percentiles", async () => {
    const res = await p.api("/api/v1/load-tests", {
      method: "POST",
      body: JSON.stringify({ count: 400, type: "diagnostic.noop", priorities: ["high", "low"], ratePerSecond: 2_000 }),
    });
    expect(res.status).toBe(202);
    const started = (await json(res)) as { id: string; status: string };
    expect(res.headers.get("location")).toBe(`/api/v1/load-tests/${started.id}`);
    expect(started.status).toBe("running");

    // One at a time.
    const second = await p.api("/api/v1/load-tests", { method: "POST", body: JSON.stringify({ count: 10 }) });
    expect(second.status).toBe(409);

    const report = (await eventually(async () => {
      const r = await json(await p.api(`/api/v1/load-tests/${started.id}`));
      return r["status"] !== "running" ? r : undefined;
    }, 60_000, "load test done")) as {
      status: string;
      submitted: number;
      completed: number;
      failed: number;
      throughputPerSec: number;
      latencyMs: { p50: number; p95: number; p99: number; max: number };
    };
    expect(report.status).toBe("completed");
    expect(report).toMatchObject({ submitted: 400, completed: 400, failed: 0 });
    expect(report.throughputPerSec).toBeGreaterThan(0);
    const l = report.latencyMs;
    expect(l.p50).toBeGreaterThan(0);
    expect(l.p50).toBeLessThanOrEqual(l.p95);
    expect(l.p95).toBeLessThanOrEqual(l.p99);
    expect(l.p99).toBeLessThanOrEqual(l.max);
    const listed = (await json(await p.api("/api/v1/load-tests"))) as { items: Array<{ id: string }> };
    expect(listed.items.map((i) => i.id)).toContain(started.id);
  });

  it("validates the spec, needs the right role, and 404s an unknown run", async () => {
    const bad = await p.api("/api/v1/load-tests", { method: "POST", body: JSON.stringify({ count: 0 }) });
    expect(bad.status).toBe(400);
    expect(((await json(bad)) as { error: { issues: Array<{ path: string }> } }).error.issues[0]?.path).toBe("count");
    const sub = await p.web.platform.db.tokens.create({ name: "submitter", role: "submitter" });
    const forbidden = await p.api("/api/v1/load-tests", { method: "POST", body: JSON.stringify({ count: 1 }), token: sub.token });
    expect(forbidden.status).toBe(403);
    expect((await p.api("/api/v1/load-tests/nope")).status).toBe(404);
  });
});
