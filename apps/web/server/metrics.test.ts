import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createBreakerRegistry } from "@switchyard/queue";
import { roleHasPermission, TOKEN_ROLES } from "@switchyard/shared";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { checkMetrics, sampleValue } from "../../../test-support/prometheus.js";

const SCRAPE_TOKEN = "scrape-token-for-the-metrics-test";
let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl"), metricsToken: SCRAPE_TOKEN });
});
afterAll(async () => {
  await p?.close();
});

async function scrape(token: string | null = SCRAPE_TOKEN): Promise<{ status: number; text: string }> {
  const res = await fetch(`${p.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, text: await res.text() };
}

describe("web /metrics", () => {
  it("needs the scrape token or an API token with pools:read", async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape("not-a-valid-token-at-all")).status).toBe(401);
    expect((await scrape(SCRAPE_TOKEN)).status).toBe(200);
    const admin = await scrape(p.token);
    expect(admin.status).toBe(200);
    expect(admin.text).toContain("# TYPE switchyard_queue_waiting gauge");
    // A role without pools:read (if the role set has one) is refused.
    const role = TOKEN_ROLES.find((r) => !roleHasPermission(r, "pools:read"));
    if (role) {
      const db = await p.openDb();
      const { token } = await db.tokens.create({ name: "no-pools", role });
      expect((await scrape(token)).status).toBe(403);
    }
  });

  it("reports queue depth per priority, workers, breakers and outcome totals from Redis, clean under promtool", async () => {
    const tasks = [
      ...Array.from({ length: 5 }, () => ({ type: "diagnostic.noop", priority: "normal" })),
      ...Array.from({ length: 3 }, () => ({ type: "diagnostic.noop", priority: "critical" })),
      ...Array.from({ length: 2 }, () => ({ type: "diagnostic.noop", priority: "bulk" })),
    ];
    const res = await p.api("/api/v1/tasks/bulk", { method: "POST", body: JSON.stringify({ tasks }) });
    expect(res.status).toBe(202);

    // No worker yet: everything waits.
    const before = (await scrape()).text;
    expect(sampleValue(before, "switchyard_queue_state_up")).toBe(1);
    expect(sampleValue(before, "switchyard_queue_waiting", { pool: "batch", priority: "normal" })).toBe(5);
    expect(sampleValue(before, "switchyard_queue_waiting", { pool: "batch", priority: "critical" })).toBe(3);
    expect(sampleValue(before, "switchyard_queue_waiting", { pool: "batch", priority: "bulk" })).toBe(2);
    expect(sampleValue(before, "switchyard_queue_waiting", { pool: "batch", priority: "high" })).toBe(0);
    expect(sampleValue(before, "switchyard_queue_jobs", { pool: "batch", state: "waiting" })).toBe(10);
    expect(sampleValue(before, "switchyard_queue_jobs", { pool: "rag", state: "waiting" })).toBe(0);
    expect(sampleValue(before, "switchyard_workers_alive")).toBe(0);
    expect(sampleValue(before, "switchyard_pool_completed_total", { pool: "batch" })).toBe(0);
    // The API's own requests, by route template and status.
    expect(sampleValue(before, "switchyard_http_request_duration_seconds_count", { method: "POST", route: "/api/v1/tasks/bulk", status: "202" })).toBe(1);
    expect(sampleValue(before, "switchyard_http_request_duration_seconds_count", { method: "GET", route: "/metrics", status: "401" })).toBeGreaterThanOrEqual(1);

    const breakers = createBreakerRegistry();
    try {
      await p.startWorker({ poolNames: ["batch"], breakers });
      const after = await eventually(async () => {
        const { text } = await scrape();
        return sampleValue(text, "switchyard_pool_completed_total", { pool: "batch" }) === 10 ? text : undefined;
      }, 30_000, "10 completions flushed to Redis");
      expect(sampleValue(after, "switchyard_queue_jobs", { pool: "batch", state: "waiting" })).toBe(0);
      expect(sampleValue(after, "switchyard_queue_waiting", { pool: "batch", priority: "normal" })).toBe(0);
      expect(sampleValue(after, "switchyard_pool_failed_attempts_total", { pool: "batch" })).toBe(0);
      expect(sampleValue(after, "switchyard_pool_dead_letters_total", { pool: "batch" })).toBe(0);
      expect(sampleValue(after, "switchyard_workers_alive")).toBe(1);
      expect(sampleValue(after, "switchyard_pool_workers_alive", { pool: "batch" })).toBe(1);
      expect(sampleValue(after, "switchyard_pool_workers_alive", { pool: "rag" })).toBe(0);
      expect(sampleValue(after, "switchyard_breakers", { dependency: "openai", state: "closed" })).toBe(1);
      expect(sampleValue(after, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
      const check = await checkMetrics(after);
      expect(check.output).toBe("");
      expect(check.code).toBe(0);
    } finally {
      breakers.dispose();
    }
  });
});
