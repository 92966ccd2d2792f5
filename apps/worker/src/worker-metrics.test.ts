import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../../test-support/free-port.js";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { checkMetrics, sampleValue } from "../../../test-support/prometheus.js";
import { parseWorkerEnv as parseEnv } from "./env.js";

const main = join(dirname(fileURLToPath(import.meta.url)), "main.ts");
const TOKEN = "worker-metrics-token-for-tests";
let p: TestPlatform;
let child: ChildProcess | undefined;

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await p?.close();
});

describe("worker metrics port", () => {
  it("is off by default, and refuses a non-loopback address without a token", () => {
    const parseWorkerEnv = (vars: Record<string, string>) => parseEnv(vars as NodeJS.ProcessEnv);
    expect(parseWorkerEnv({}).WORKER_METRICS_PORT).toBe(0);
    expect(parseWorkerEnv({ WORKER_METRICS_PORT: "9464" }).WORKER_METRICS_HOST).toBe("127.0.0.1");
    expect(() => parseWorkerEnv({ WORKER_METRICS_PORT: "9464", WORKER_METRICS_HOST: "0.0.0.0" })).toThrow(/WORKER_METRICS_TOKEN/);
    expect(parseWorkerEnv({ WORKER_METRICS_PORT: "9464", WORKER_METRICS_HOST: "0.0.0.0", WORKER_METRICS_TOKEN: TOKEN }).WORKER_METRICS_TOKEN).toBe(TOKEN);
  });

  it("reports the worker's tasks after real work, clean under promtool", async () => {
    // One retry with a short backoff, so a task that always fails becomes dead quickly.
    const manifest = join(p.dataDir, "pools.json");
    writeFileSync(manifest, JSON.stringify({ version: 1, pools: { batch: { retries: 1, backoffMs: [10], backoffJitter: 0 } } }));
    const port = await freePort();
    child = spawn(process.execPath, ["--import", "tsx", main], {
      env: {
        ...process.env,
        REDIS_URL: p.redisUrl,
        DATABASE_URL: p.databaseUrl,
        QUEUE_PREFIX: p.prefix,
        POOLS_MANIFEST: manifest,
        WORKER_POOLS: "batch",
        WORKER_ID: "metrics-worker",
        WORKER_METRICS_PORT: String(port),
        WORKER_METRICS_TOKEN: TOKEN,
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const url = `http://127.0.0.1:${port}/metrics`;
    const scrape = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const idle = await eventually(() => scrape(), 60_000, "worker metrics port");
    expect(sampleValue(idle, "switchyard_tasks_active", { pool: "batch" })).toBe(0);
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: "Bearer wrong-token-of-some-length" } })).status).toBe(401);

    const N = 7;
    const tasks = [
      ...Array.from({ length: N }, () => ({ type: "diagnostic.noop" })),
      // Fails once, completes on the retry.
      { type: "diagnostic.flaky", payload: { failTimes: 1 } },
      { type: "diagnostic.flaky", payload: { failTimes: 1 } },
      // Fails both attempts: dead.
      { type: "diagnostic.flaky", payload: { failTimes: 5 } },
    ];
    const res = await p.api("/api/v1/tasks/bulk", { method: "POST", body: JSON.stringify({ tasks }) });
    expect(res.status).toBe(202);
    const db = await p.openDb();
    await eventually(async () => {
      const by = await db.tasks.countByStatus();
      return by["completed"] === N + 2 && by["dead"] === 1;
    }, 60_000, "tasks finished");

    // The history rows are written after the events that count them: the counts are final.
    const text = await scrape();
    const noop = { pool: "batch", type: "diagnostic.noop" };
    const flaky = { pool: "batch", type: "diagnostic.flaky" };
    expect(sampleValue(text, "switchyard_tasks_completed_total", noop)).toBe(N);
    expect(sampleValue(text, "switchyard_task_run_seconds_count", noop)).toBe(N);
    expect(sampleValue(text, "switchyard_task_wait_seconds_count", noop)).toBe(N);
    expect(sampleValue(text, "switchyard_tasks_completed_total", flaky)).toBe(2);
    // 2 × one failed attempt, plus the dead task's two.
    expect(sampleValue(text, "switchyard_task_failures_total", flaky)).toBe(4);
    expect(sampleValue(text, "switchyard_task_retries_total", flaky)).toBe(3);
    expect(sampleValue(text, "switchyard_task_dead_letters_total", flaky)).toBe(1);
    expect(sampleValue(text, "switchyard_task_run_seconds_count", flaky)).toBe(6);
    // Wait is counted once per task, not per attempt.
    expect(sampleValue(text, "switchyard_task_wait_seconds_count", flaky)).toBe(3);
    expect(sampleValue(text, "switchyard_tasks_active", { pool: "batch" })).toBe(0);
    expect(sampleValue(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    const check = await checkMetrics(text);
    expect(check.output).toBe("");
    expect(check.code).toBe(0);

    const exited = new Promise<number | null>((r) => child?.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  }, 180_000);
});
