import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase } from "@switchyard/db";
import { createLogger } from "@switchyard/observability";
import { readEventsSince, startWorkerRuntime, type WorkerRuntime } from "@switchyard/queue";
import { PageScraper, SsrfGuard, parseAllowList } from "@switchyard/scraper";
import { createHandlers } from "@switchyard/tasks";
import { loopbackOnly, startLocalSite, type LocalSite } from "../../../packages/scraper/src/testing/local-site.js";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { createTaskSubmitter } from "./task-submitter.js";

// A batch that outlives its wait slice hands its slot back (deferred, no attempt spent) and
// re-attaches to the same children when it runs again. The pages are plain text on 127.0.0.1
// (no browser needed) and are held open until the test lets them go, so the batch must defer.
const safety = loopbackOnly();
let p: TestPlatform;
let site: LocalSite;
let worker: WorkerRuntime;
const held: ServerResponse[] = [];
let release = false;

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
  site = await startLocalSite((req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    if (release) res.end(`text of ${req.url ?? ""}`);
    else held.push(res);
  });
  const fetchOptions = { beforeConnect: safety.beforeConnect };
  const guard = new SsrfGuard({ allow: parseAllowList("127.0.0.1/32") });
  worker = await startWorkerRuntime({
    redisUrl: p.redisUrl,
    prefix: p.prefix,
    pools: p.pools,
    poolNames: ["batch", "scrape"],
    handlers: createHandlers({
      probeTargets: {},
      scrape: { scraper: new PageScraper({ guard, fetchOptions }) },
      batch: { children: createTaskSubmitter(p.web.platform).batchChildren, pollMs: 50, waitSliceMs: 300 },
    }),
    db: await createDatabase(p.databaseUrl),
    logger: createLogger("test", "silent"),
    shutdownGraceMs: 5_000,
  });
});

afterAll(async () => {
  for (const res of held.splice(0)) res.destroy();
  await worker?.close();
  await p?.close();
  await site?.close();
  expect(safety.refused).toEqual([]);
});

type Task = { status: string; attempts: number; result: unknown; priority: string };
const task = async (id: string): Promise<Task> => (await (await p.api(`/api/v1/tasks/${id}`)).json()) as Task;

describe("scrape.batch through the worker's submit path", () => {
  it("defers past its wait slice without spending attempts, and resumes with the same children (none submitted twice)", async () => {
    const urls = Array.from({ length: 4 }, (_, i) => `http://127.0.0.1:${site.port}/held/${i}`);
    const res = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "scrape.batch", payload: { urls } }) });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };

    const batchKinds = async (): Promise<string[]> =>
      (await readEventsSince(p.web.platform.redis, p.prefix, "batch", "0-0", "+")).filter((e) => e.taskId === id && e.kind !== "progress").map((e) => e.kind);
    // Two deferrals while every page is held: the batch ran, handed its slot back, ran again.
    await eventually(async () => (await batchKinds()).filter((k) => k === "retrying").length >= 2, 20_000, "the batch to defer twice");
    expect(held.length).toBeGreaterThan(0);

    release = true;
    for (const r of held.splice(0)) r.end("released");
    const done = await eventually(async () => {
      const t = await task(id);
      return t.status === "completed" || t.status === "dead" ? t : undefined;
    }, 30_000, "the batch to finish");
    expect(done.status).toBe("completed");
    // A deferral spends no attempt (BullMQ counts the finishing one).
    expect(done.attempts).toBe(1);
    const result = done.result as { submitted: number; taskIds: string[]; completed: number };
    expect(result).toMatchObject({ submitted: 4, completed: 4 });
    // Exactly the four children exist: the resumed runs found the ids the first run stored.
    const listed = (await (await p.api("/api/v1/tasks?type=scrape.page&limit=100")).json()) as { items: Array<{ id: string }> };
    expect(listed.items.map((t) => t.id).sort()).toEqual([...result.taskIds].sort());
    // Children inherit the batch's priority (bulk by default for scrape.batch).
    for (const c of await Promise.all(result.taskIds.map(task))) expect(c.priority).toBe("bulk");
  });
});
