import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { checkMetrics, metricFamilies, sampleValue } from "../../../../test-support/prometheus.js";
import { createHttpMetrics, httpMetricsMiddleware } from "./http-metrics.js";
import { createMetricsRegistry } from "./metrics-registry.js";
import { createTaskMetrics } from "./task-metrics.js";

describe("metrics registry", () => {
  it("has process metrics and event-loop lag, no *_total gauges, and passes promtool", async () => {
    const registry = createMetricsRegistry();
    const text = await registry.metrics();
    const families = metricFamilies(text);
    expect(families.get("process_cpu_seconds_total")).toBe("counter");
    expect(families.get("nodejs_eventloop_lag_seconds")).toBe("gauge");
    expect(families.get("nodejs_eventloop_lag_p99_seconds")).toBe("gauge");
    for (const [name, type] of families) if (name.endsWith("_total")) expect(type, name).toBe("counter");
    expect(families.has("nodejs_active_handles_total")).toBe(false);
    const check = await checkMetrics(text);
    expect(check.output).toBe("");
    expect(check.code).toBe(0);
  });

  it("labels HTTP durations with the route template and the status, refusals included", async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const app = new Hono();
    app.use("*", httpMetricsMiddleware(createHttpMetrics(registry, "test")));
    app.use("/private/*", async (c, next) => (c.req.header("authorization") ? next() : c.text("no", 401)));
    app.get("/items/:id", (c) => c.json({ id: c.req.param("id") }));
    app.get("/private/thing", (c) => c.text("ok"));
    app.get("/boom", () => {
      throw new Error("boom");
    });
    app.onError((_err, c) => c.text("failed", 500));
    for (const id of ["1", "2", "3"]) expect((await app.request(`/items/${id}`)).status).toBe(200);
    expect((await app.request("/private/thing")).status).toBe(401);
    expect((await app.request("/boom")).status).toBe(500);
    expect((await app.request("/random/path/42")).status).toBe(404);

    const text = await registry.metrics();
    const count = (route: string, status: string) => sampleValue(text, "test_http_request_duration_seconds_count", { method: "GET", route, status });
    expect(count("/items/:id", "200")).toBe(3);
    // Refused by a middleware: filed under the endpoint it was meant for.
    expect(count("/private/thing", "401")).toBe(1);
    expect(count("/boom", "500")).toBe(1);
    // Unknown paths share the catch-all's template: no label per raw path.
    expect(count("/*", "404")).toBe(1);
    expect(text).not.toContain("/items/1");
    expect(text).not.toContain("/random/path");
    expect((await checkMetrics(text)).code).toBe(0);
  });

  it("counts task outcomes per pool and type, and reads active tasks and breakers on scrape", async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const tasks = createTaskMetrics(registry, ["batch", "rag"]);
    let running = 2;
    tasks.bind({ activeByPool: () => [["batch", running]], breakers: () => [{ name: "openai", state: "open" }] });
    tasks.started("batch", "diagnostic.noop", 12);
    tasks.completed("batch", "diagnostic.noop", 3);
    tasks.completed("batch", "diagnostic.noop", 4);
    tasks.failed("batch", "diagnostic.flaky", 5, false);
    tasks.failed("batch", "diagnostic.flaky", 5, true);
    let text = await registry.metrics();
    const l = { pool: "batch", type: "diagnostic.noop" };
    const f = { pool: "batch", type: "diagnostic.flaky" };
    expect(sampleValue(text, "switchyard_tasks_completed_total", l)).toBe(2);
    expect(sampleValue(text, "switchyard_task_run_seconds_count", l)).toBe(2);
    expect(sampleValue(text, "switchyard_task_run_seconds_sum", l)).toBeCloseTo(0.007, 6);
    // Cumulative buckets: both runs (3 ms, 4 ms) are above 1 ms and within 5 ms.
    expect(sampleValue(text, "switchyard_task_run_seconds_bucket", { ...l, le: "0.001" })).toBe(0);
    expect(sampleValue(text, "switchyard_task_run_seconds_bucket", { ...l, le: "0.005" })).toBe(2);
    expect(sampleValue(text, "switchyard_task_run_seconds_bucket", { ...l, le: "+Inf" })).toBe(2);
    expect(sampleValue(text, "switchyard_task_wait_seconds_bucket", { ...l, le: "0.01" })).toBe(0);
    expect(sampleValue(text, "switchyard_task_wait_seconds_bucket", { ...l, le: "0.025" })).toBe(1);
    expect(sampleValue(text, "switchyard_task_wait_seconds_count", l)).toBe(1);
    expect(sampleValue(text, "switchyard_task_failures_total", f)).toBe(2);
    expect(sampleValue(text, "switchyard_task_retries_total", f)).toBe(1);
    expect(sampleValue(text, "switchyard_task_dead_letters_total", f)).toBe(1);
    expect(sampleValue(text, "switchyard_tasks_active", { pool: "batch" })).toBe(2);
    expect(sampleValue(text, "switchyard_tasks_active", { pool: "rag" })).toBe(0);
    expect(sampleValue(text, "switchyard_worker_breaker_state", { dependency: "openai", state: "open" })).toBe(1);
    expect(sampleValue(text, "switchyard_worker_breaker_state", { dependency: "openai", state: "closed" })).toBe(0);
    expect((await checkMetrics(text)).output).toBe("");
    running = 0;
    text = await registry.metrics();
    expect(sampleValue(text, "switchyard_tasks_active", { pool: "batch" })).toBe(0);
  });
});
