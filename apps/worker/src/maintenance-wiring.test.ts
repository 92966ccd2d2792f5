import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestChroma, type TestChroma } from "../../../test-support/chroma.js";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";

// The worker process as `npm start` runs it (main.ts), serving only the maintenance pool, over real
// Redis, SQLite and Chroma; the GPU runner is a stand-in on 127.0.0.1 that answers /health.
const main = join(dirname(fileURLToPath(import.meta.url)), "main.ts");
let p: TestPlatform;
let chroma: TestChroma;
let runner: Server;
let child: ChildProcess | undefined;

type Task = { id: string; type: string; status: string; result: unknown; error: string | null };

async function runToEnd(type: string, payload: unknown): Promise<Task> {
  const res = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type, payload }) });
  expect(res.status, await res.clone().text()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  return eventually(async () => {
    const t = (await (await p.api(`/api/v1/tasks/${id}`)).json()) as Task;
    return ["completed", "dead", "cancelled"].includes(t.status) ? t : undefined;
  }, 60_000, `${type} to finish`);
}

beforeAll(async () => {
  chroma = await startTestChroma();
  p = await startTestPlatform({ redisUrl: inject("redisUrl"), chromaUrl: chroma.url });
  runner = createServer((req, res) => {
    res.statusCode = req.url === "/health" ? 200 : 404;
    res.end("{}");
  });
  await new Promise<void>((r) => runner.listen(0, "127.0.0.1", r));
  child = spawn(process.execPath, ["--import", "tsx", main], {
    env: {
      ...process.env,
      REDIS_URL: p.redisUrl,
      DATABASE_URL: p.databaseUrl,
      QUEUE_PREFIX: p.prefix,
      DATA_DIR: p.dataDir,
      CHROMA_URL: chroma.url,
      GPU_RUNNER_URL: `http://127.0.0.1:${(runner.address() as AddressInfo).port}`,
      WORKER_POOLS: "maintenance",
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  await new Promise((r) => runner?.close(r));
  await p?.close();
  await chroma?.stop();
});

describe("the worker wires the maintenance tasks", () => {
  it("sweeps health (Redis, SQLite size, Chroma, GPU runner) and Chroma's orphans with its own configuration", async () => {
    const sweep = await runToEnd("maintenance.health-sweep", {});
    expect(sweep.status, sweep.error ?? "").toBe("completed");
    const result = sweep.result as { status: string; findings: Array<{ check: string; status: string }> };
    expect(Object.fromEntries(result.findings.map((f) => [f.check, f.status]))).toMatchObject({
      "redis-memory": expect.stringMatching(/^(ok|warn)$/),
      "database-size": "ok",
      chroma: "ok",
      "gpu-runner": "ok",
    });

    const orphans = await runToEnd("maintenance.chroma-orphans", { dryRun: true });
    expect(orphans.status, orphans.error ?? "").toBe("completed");
    expect(orphans.result).toMatchObject({ dryRun: true, removed: 0 });
  });
});
