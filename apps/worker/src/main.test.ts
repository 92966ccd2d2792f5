import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Job } from "bullmq";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";

const main = join(dirname(fileURLToPath(import.meta.url)), "main.ts");
let p: TestPlatform;
const children: ChildProcess[] = [];

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await p?.close();
});

function startWorkerProcess(id: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", main], {
    env: {
      ...process.env,
      REDIS_URL: p.redisUrl,
      DATABASE_URL: p.databaseUrl,
      QUEUE_PREFIX: p.prefix,
      WORKER_POOLS: "batch",
      WORKER_ID: id,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}

describe("worker processes", () => {
  it("shares a pool between two worker processes and stops cleanly on SIGTERM", async () => {
    const a = startWorkerProcess("worker-a");
    const b = startWorkerProcess("worker-b");
    await eventually(async () => {
      const { workers } = (await (await p.api("/api/v1/workers")).json()) as { workers: Array<{ id: string }> };
      return workers.length === 2;
    }, 60_000, "two workers' heartbeats");

    const tasks = Array.from({ length: 40 }, () => ({ type: "diagnostic.sleep", payload: { ms: 100 } }));
    const res = await p.api("/api/v1/tasks/bulk", { method: "POST", body: JSON.stringify({ tasks }) });
    const { ids } = (await res.json()) as { ids: string[] };
    const db = await p.openDb();
    await eventually(async () => ((await db.tasks.countByStatus())["completed"] ?? 0) === 40, 60_000, "40 completed");

    const by = new Map<string, number>();
    for (const id of ids) {
      const job = await Job.fromId(p.web.platform.queue("batch"), id);
      const w = job?.processedBy ?? "?";
      by.set(w, (by.get(w) ?? 0) + 1);
    }
    expect([...by.keys()].sort()).toEqual(["worker-a", "worker-b"]);
    // Batch concurrency is 3 per process, so with 100 ms tasks both carry real load.
    expect(Math.min(...by.values())).toBeGreaterThanOrEqual(5);

    const exits = [a, b].map((c) => new Promise<number | null>((r) => c.once("exit", (code) => r(code))));
    a.kill("SIGTERM");
    b.kill("SIGTERM");
    expect(await Promise.all(exits)).toEqual([0, 0]);
    const { workers } = (await (await p.api("/api/v1/workers")).json()) as { workers: unknown[] };
    expect(workers).toHaveLength(0);
    // Its own waits allow 60 s for two worker processes to start and 60 s for the tasks.
  }, 180_000);
});
