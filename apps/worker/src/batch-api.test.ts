import type { ServerResponse } from "node:http";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { batchChildIds, createBatchChildren, submitBatchChildren } from "@switchyard/core";
import { createDatabase, type Database } from "@switchyard/db";
import { createLogger } from "@switchyard/observability";
import { startWorkerRuntime, type WorkerRuntime } from "@switchyard/queue";
import { PageScraper, RobotsCache, SsrfGuard, parseAllowList } from "@switchyard/scraper";
import {
  batchChildren,
  taskEventSchema,
  type BatchView,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TaskEvent,
} from "@switchyard/shared";
import { createHandlers } from "@switchyard/tasks";
import { loopbackOnly, startLocalSite, type LocalSite } from "../../../packages/scraper/src/testing/local-site.js";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";

// The batch API (POST /batches/scrape, GET /batches/{id}, GET /batches, POST /batches/{id}/cancel)
// over a real worker serving the batch and scrape pools, against pages on 127.0.0.1 only. The
// pages are plain text, so the scraper fetches them without a browser (the browser path of a
// batch is in pipeline-wiring.test.ts); /hold/* pages are held open until the test ends.
const safety = loopbackOnly();
let p: TestPlatform;
let site: LocalSite;
let worker: WorkerRuntime;
let db: Database;
const held: ServerResponse[] = [];
const SCRAPE_CONCURRENCY = 6;

type Json = Record<string, unknown>;

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
  site = await startLocalSite((req, res) => {
    const path = req.url ?? "/";
    if (path === "/robots.txt") return void res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nDisallow: /private\n");
    if (path.startsWith("/hold/")) return void held.push(res);
    res.writeHead(200, { "content-type": "text/plain" }).end(`text of ${path}`);
  });
  const guard = new SsrfGuard({ allow: parseAllowList("127.0.0.1/32") });
  const fetchOptions = { beforeConnect: safety.beforeConnect };
  db = await createDatabase(p.databaseUrl);
  worker = await startWorkerRuntime({
    redisUrl: p.redisUrl,
    prefix: p.prefix,
    pools: { ...p.pools, scrape: { ...p.pools.scrape, concurrency: SCRAPE_CONCURRENCY } },
    poolNames: ["batch", "scrape"],
    handlers: createHandlers({
      probeTargets: {},
      scrape: { scraper: new PageScraper({ guard, robots: new RobotsCache({ guard, userAgent: "SwitchyardBot", fetchOptions }), fetchOptions }) },
      batch: { children: createBatchChildren(p.web.platform), pollMs: 50 },
    }),
    db,
    logger: createLogger("test", "silent"),
    shutdownGraceMs: 5_000,
  });
});

afterAll(async () => {
  for (const res of held.splice(0)) res.destroy();
  await worker?.close();
  await db?.close();
  await p?.close();
  await site?.close();
  expect(safety.refused).toEqual([]);
});

const url = (path: string): string => `http://127.0.0.1:${site.port}${path}`;

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return p.api(path, { method: "POST", body: JSON.stringify(body), headers });
}

async function batch(id: string, query = ""): Promise<BatchView> {
  const res = await p.api(`/api/v1/batches/${id}${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as BatchView;
}

const sum = (counts: BatchView["counts"]): number => Object.values(counts).reduce((a, b) => a + b, 0);

function follow(taskId: string): Promise<{ socket: Socket<ServerToClientEvents, ClientToServerEvents>; events: TaskEvent[] }> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(p.url, {
    auth: { token: p.token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  const events: TaskEvent[] = [];
  socket.on("task:event", (ev) => events.push(taskEventSchema.parse(ev)));
  return new Promise((resolve, reject) => {
    socket.emit("subscribe", { kind: "task", taskId }, (ack) => (ack.ok ? resolve({ socket, events }) : reject(new Error(JSON.stringify(ack)))));
  });
}

const PRIVATE_AT = [10, 50, 100, 150, 199];
let completedBatchId = "";
let cancelledBatchId = "";

describe("batches of URLs through the API", () => {
  it("scrapes 200 URLs as one critical batch: 202 at once, children at its priority, live progress, counts, paged results and failures", async () => {
    const urls = Array.from({ length: 200 }, (_, i) => (PRIVATE_AT.includes(i) ? url(`/private/${i}`) : url(`/page/${i}`)));
    const res = await post("/api/v1/batches/scrape", { urls, priority: "critical" });
    expect(res.status, await res.clone().text()).toBe(202);
    const submitted = (await res.json()) as Json;
    expect(submitted).toMatchObject({ kind: "scrape", status: "running", priority: "critical", total: 200, replayed: false });
    completedBatchId = submitted["id"] as string;
    const live = await follow(completedBatchId);

    const done = await eventually(async () => {
      const b = await batch(completedBatchId);
      // Every child is counted once, whatever its state, at every read.
      expect(sum(b.counts)).toBe(200);
      return b.status === "completed" ? b : undefined;
    }, 120_000, "the batch to complete");
    expect(done.counts).toEqual({ pending: 0, queued: 0, active: 0, retrying: 0, completed: 195, dead: 5, cancelled: 0 });
    expect(done).toMatchObject({ done: 200, total: 200, taskStatus: "completed", progress: { percent: 100 } });
    expect(done.progress.message).toBe("200/200 pages finished: 195 completed, 5 failed, 0 cancelled");

    // Failures name the child's input and its error, in input order.
    expect(done.failures.map((f) => [f.index, f.input])).toEqual(PRIVATE_AT.map((i) => [i, url(`/private/${i}`)]));
    for (const f of done.failures) expect(f.error).toMatch(/robots/i);
    expect(done.failuresTruncated).toBe(false);
    expect(site.requests.some((r) => r.includes("/private/"))).toBe(false);

    // Results page by child index: 100 children per page, the dead ones left out.
    const first = await batch(completedBatchId, "?offset=0&limit=100");
    expect(first.results.map((r) => r.index)).toEqual(Array.from({ length: 100 }, (_, i) => i).filter((i) => !PRIVATE_AT.includes(i)));
    expect(first.page).toEqual({ offset: 0, limit: 100, nextOffset: 100 });
    const second = await batch(completedBatchId, `?offset=${first.page.nextOffset}&limit=100`);
    expect(second.results).toHaveLength(97);
    expect(second.page.nextOffset).toBeNull();
    const r42 = first.results.find((r) => r.index === 42);
    expect((r42?.result as { text: string }).text).toBe("text of /page/42");

    // Children run at the batch's priority and are ordinary tasks.
    const child = (await (await p.api(`/api/v1/tasks/${r42?.taskId ?? ""}`)).json()) as Json;
    expect(child).toMatchObject({ type: "scrape.page", priority: "critical", status: "completed", payload: { url: url("/page/42") } });

    // The batch's progress reached the subscriber live, in order, ending at 100 %.
    await eventually(async () => live.events.some((e) => e.kind === "completed"), 20_000, "the completed event");
    const progress = live.events.filter((e) => e.kind === "progress").map((e) => e.progress?.percent ?? -1);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    live.socket.close();
  });

  it("shows a running batch of 200 held pages by child state, and cancel stops it and every child", async () => {
    const urls = Array.from({ length: 200 }, (_, i) => url(`/hold/${i}`));
    const res = await post("/api/v1/batches/scrape", { urls });
    expect(res.status, await res.clone().text()).toBe(202);
    const submitted = (await res.json()) as Json;
    // A batch is bulk unless it says otherwise.
    expect(submitted).toMatchObject({ priority: "bulk", total: 200 });
    cancelledBatchId = submitted["id"] as string;

    // Every child submitted; the scrape pool runs its concurrency's worth, the rest wait.
    const running = await eventually(async () => {
      const b = await batch(cancelledBatchId, "?limit=0");
      expect(sum(b.counts)).toBe(200);
      return b.counts.pending === 0 && b.counts.active === SCRAPE_CONCURRENCY ? b : undefined;
    }, 60_000, "all children submitted, a pool's worth running");
    expect(running).toMatchObject({ status: "running", taskStatus: "active", done: 0, results: [] });
    expect(running.counts.queued).toBe(200 - SCRAPE_CONCURRENCY);

    const cancel = await post(`/api/v1/batches/${cancelledBatchId}/cancel`, {});
    expect(cancel.status, await cancel.clone().text()).toBe(200);
    const outcome = (await cancel.json()) as { status: string; cancelledChildren: number; skippedChildren: number };
    expect(outcome.status).toBe("cancelled");
    expect(outcome.cancelledChildren + outcome.skippedChildren).toBe(200);

    const after = await eventually(async () => {
      const b = await batch(cancelledBatchId, "?limit=0");
      return b.counts.cancelled === 200 ? b : undefined;
    }, 60_000, "every child cancelled");
    expect(after).toMatchObject({ status: "cancelled", taskStatus: "cancelled", done: 200 });
    // Only the children that were running ever reached the site.
    const requested = new Set(site.requests.filter((r) => r.includes("/hold/")).map((r) => r.split(" ")[1]));
    expect(requested.size).toBe(SCRAPE_CONCURRENCY);
    // Cancelling again changes nothing.
    const again = (await (await post(`/api/v1/batches/${cancelledBatchId}/cancel`, {})).json()) as Json;
    expect(again).toMatchObject({ status: "cancelled", cancelledChildren: 0, skippedChildren: 200 });
  });

  it("lists batches newest first, answers 404 for a task that is no batch and 400 naming the field", async () => {
    const list = (await (await p.api("/api/v1/batches")).json()) as { items: Array<{ id: string; status: string; total: number }>; nextCursor: string | null };
    expect(list.items.slice(0, 2).map((b) => [b.id, b.status, b.total])).toEqual([
      [cancelledBatchId, "cancelled", 200],
      [completedBatchId, "completed", 200],
    ]);
    const paged = (await (await p.api("/api/v1/batches?limit=1")).json()) as { items: Array<{ id: string }>; nextCursor: string };
    expect(paged.items.map((b) => b.id)).toEqual([cancelledBatchId]);
    const next = (await (await p.api(`/api/v1/batches?limit=1&cursor=${paged.nextCursor}`)).json()) as { items: Array<{ id: string }> };
    expect(next.items.map((b) => b.id)).toEqual([completedBatchId]);
    expect(((await (await p.api("/api/v1/batches?kind=embed")).json()) as { items: unknown[] }).items).toEqual([]);

    const { results } = await batch(completedBatchId, "?limit=1");
    expect((await p.api(`/api/v1/batches/${results[0]?.taskId ?? ""}`)).status).toBe(404);
    expect((await p.api("/api/v1/batches/0000000000000000000000")).status).toBe(404);

    const refusals: Array<[string, unknown, string]> = [
      ["/api/v1/batches/scrape", { urls: [] }, "urls"],
      ["/api/v1/batches/scrape", { urls: ["ftp://127.0.0.1/x"] }, "urls.0"],
      ["/api/v1/batches/scrape", { urls: [url("/a")], priority: "urgent" }, "priority"],
      ["/api/v1/batches/embed", { texts: ["a"], collection: "c" }, "collection"],
      ["/api/v1/batches/embed", { collection: "c" }, "documents"],
      ["/api/v1/batches/embed", {}, "texts"],
    ];
    for (const [path, body, field] of refusals) {
      const res = await post(path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as { error: { issues?: Array<{ path: string }> } };
      expect(err.error.issues?.map((d) => d.path), JSON.stringify(body)).toContain(field);
    }
  });

  it("returns the first batch for a repeated Idempotency-Key", async () => {
    await setPaused("batch", true);
    try {
      const body = { urls: [url("/page/once")] };
      const first = (await (await post("/api/v1/batches/scrape", body, { "idempotency-key": "batch-once" })).json()) as Json;
      const again = await post("/api/v1/batches/scrape", body, { "idempotency-key": "batch-once" });
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await again.json()).toMatchObject({ id: first["id"], replayed: true });
      await post(`/api/v1/batches/${first["id"] as string}/cancel`, {});
    } finally {
      await setPaused("batch", false);
    }
  });
});

async function setPaused(pool: string, paused: boolean): Promise<void> {
  const res = await p.api(`/api/v1/pools/${pool}`, { method: "PATCH", body: JSON.stringify({ state: paused ? "paused" : "running" }) });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe("a batch's children are submitted once, with the ids it planned", () => {
  it("resumes after an interruption without submitting any child twice, and cancel reaches children of a batch that is not running", async () => {
    // Neither pool runs here: the batch is a queued task and its children stay queued.
    await setPaused("batch", true);
    await setPaused("scrape", true);
    try {
      const urls = Array.from({ length: 1_500 }, (_, i) => url(`/resume/${i}`));
      const res = await post("/api/v1/batches/scrape", { urls });
      const { id } = (await res.json()) as { id: string };
      const children = batchChildren("scrape.batch", { urls, screenshot: false });
      const waitingInScrape = async (): Promise<number> => (await p.web.platform.queue("scrape").getJobCountByTypes("prioritized", "waiting", "paused"));

      // Stopped before the first part: the ids are planned and stored, nothing is submitted.
      await expect(submitBatchChildren(p.web.platform, id, children, AbortSignal.abort())).rejects.toThrow();
      const planned = await batchChildIds(p.web.platform, id);
      expect(planned).toHaveLength(1_500);
      const before = await waitingInScrape();

      const ids = await submitBatchChildren(p.web.platform, id, children);
      expect(ids).toEqual(planned);
      expect((await waitingInScrape()) - before).toBe(1_500);
      // As if the process died after enqueueing the second part but before marking it.
      await p.web.platform.redis.set(`${p.prefix}:{switchyard}:batch-enqueued:${id}`, "1000");
      expect(await submitBatchChildren(p.web.platform, id, children)).toEqual(planned);
      expect((await waitingInScrape()) - before).toBe(1_500);

      await eventually(async () => (await batch(id, "?limit=0")).counts.queued === 1_500, 30_000, "1,500 queued rows");
      const cancel = (await (await post(`/api/v1/batches/${id}/cancel`, {})).json()) as Json;
      expect(cancel).toMatchObject({ status: "cancelled", cancelledChildren: 1_500 });
      expect((await batch(id, "?limit=0")).counts).toMatchObject({ cancelled: 1_500, queued: 0 });
      expect((await waitingInScrape()) - before).toBe(0);
    } finally {
      await setPaused("scrape", false);
      await setPaused("batch", false);
    }
  });
});
