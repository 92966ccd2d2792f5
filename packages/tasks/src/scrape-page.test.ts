import { Job } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase } from "@switchyard/db";
import { createLogger } from "@switchyard/observability";
import { createRedis, closeRedis, readEventsSince, startWorkerRuntime, type WorkerRuntime } from "@switchyard/queue";
import { BrowserPool, HostRateLimiter, PageScraper, RobotsCache, SsrfGuard, parseAllowList } from "@switchyard/scraper";
import { DEFAULT_POOLS } from "@switchyard/shared";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { fakeLookup, loopbackOnly, startLocalSite, type LocalSite } from "../../scraper/src/testing/local-site.js";
import { createHandlers } from "./handler-registry.js";

// Network safety: test names resolve through fakeLookup to 127.0.0.1, the guarded fetcher may
// open sockets to loopback only (loopbackOnly), and Chromium's only network is the pool's sink.
const safety = loopbackOnly();
let site: LocalSite;
let pool: BrowserPool;
let guard: SsrfGuard;
let p: TestPlatform | undefined;
let worker: WorkerRuntime | undefined;

beforeAll(async () => {
  site = await startLocalSite((req, res) => {
    if (req.url === "/robots.txt") res.end("User-agent: *\nDisallow: /private\n");
    else res.writeHead(200, { "content-type": "text/html" }).end(`<title>T ${req.url}</title><p>text of ${req.url}</p>`);
  });
  guard = new SsrfGuard({
    allow: parseAllowList("site-a.test,site-b.test"),
    lookup: fakeLookup({ "site-a.test": "127.0.0.1", "site-b.test": "127.0.0.1" }),
  });
  pool = new BrowserPool({ guard, concurrency: 3, fetchOptions: { beforeConnect: safety.beforeConnect } });
});

afterEach(async () => {
  await worker?.close();
  worker = undefined;
  await p?.close();
  p = undefined;
  expect(safety.refused).toEqual([]);
});

afterAll(async () => {
  await pool?.close();
  await site?.close();
});

async function startScrapeWorker(perSecond: number): Promise<TestPlatform> {
  const platform = await startTestPlatform({
    redisUrl: inject("redisUrl"),
    pools: { ...DEFAULT_POOLS, scrape: { ...DEFAULT_POOLS.scrape, concurrency: 3 } },
  });
  p = platform;
  const redis = createRedis(platform.redisUrl, "test:scrape-rate");
  const fetchOptions = { beforeConnect: safety.beforeConnect };
  worker = await startWorkerRuntime({
    redisUrl: platform.redisUrl,
    prefix: platform.prefix,
    pools: platform.pools,
    poolNames: ["scrape"],
    handlers: createHandlers({
      probeTargets: {},
      scrape: {
        scraper: new PageScraper({ guard, pool, robots: new RobotsCache({ guard, userAgent: "SwitchyardBot", fetchOptions }), fetchOptions }),
        rateLimiter: new HostRateLimiter({ redis, prefix: platform.prefix, perSecond }),
      },
    }),
    db: await createDatabase(platform.databaseUrl),
    logger: createLogger("test", "silent"),
    shutdownGraceMs: 5_000,
  });
  const close = worker.close.bind(worker);
  worker = Object.assign(worker, { close: async () => (await close(), await closeRedis(redis)) });
  return platform;
}

async function submit(platform: TestPlatform, url: string): Promise<string> {
  const res = await platform.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "scrape.page", payload: { url } }) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function finished(platform: TestPlatform, id: string): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const t = (await (await platform.api(`/api/v1/tasks/${id}`)).json()) as Record<string, unknown>;
    return t["status"] === "completed" || t["status"] === "dead" ? t : undefined;
  }, 40_000, `task ${id} to finish`);
}

describe("scrape.page on the worker runtime (real Redis, real Chromium, local pages)", () => {
  it("spaces pages to the same host by the per-host limit: the second waits as delayed, spending no attempt", async () => {
    const platform = await startScrapeWorker(0.5); // one page per 2 s per host
    const first = await submit(platform, `http://site-a.test:${site.port}/one`);
    const second = await submit(platform, `http://site-a.test:${site.port}/two`);
    const elsewhere = await submit(platform, `http://site-b.test:${site.port}/three`);
    const results = await Promise.all([first, second, elsewhere].map((id) => finished(platform, id)));
    for (const r of results) expect(r["status"]).toBe("completed");
    expect(results.map((r) => (r["result"] as { title: string }).title).sort()).toEqual(["T /one", "T /three", "T /two"]);

    const events = await readEventsSince(platform.web.platform.redis, platform.prefix, "scrape", "0-0", "+");
    const kinds = (id: string): string[] => events.filter((e) => e.taskId === id && e.kind !== "progress").map((e) => e.kind);
    // Exactly one of the two site-a tasks was deferred (it found the host's slot taken) and ran once afterwards.
    const deferred = [first, second].filter((id) => kinds(id).includes("retrying"));
    expect(deferred).toHaveLength(1);
    const waited = deferred[0]!;
    const ranFirst = waited === first ? second : first;
    // retrying = moved to delayed; queued again when the delay ends.
    expect(kinds(waited)).toEqual(["queued", "active", "retrying", "queued", "active", "completed"]);
    expect(kinds(ranFirst)).toEqual(["queued", "active", "completed"]);
    // The other host had its own slot: not deferred.
    expect(kinds(elsewhere)).toEqual(["queued", "active", "completed"]);
    // No attempt was spent by the deferral, and each page was requested exactly once, in slot order.
    // (BullMQ counts the finishing attempt too: 1 = the one run that completed it.)
    for (const id of [waited, ranFirst]) expect((await Job.fromId(platform.web.platform.queue("scrape"), id))?.attemptsMade).toBe(1);
    for (const r of results) expect(r["attempts"]).toBe(1);
    const pageRequests = site.requests.filter((r) => r.startsWith("site-a.test") && !r.endsWith("/robots.txt")).map((r) => r.split(" ")[1]);
    const path = (id: string): string => (id === first ? "/one" : "/two");
    expect(pageRequests.slice(-2)).toEqual([path(ranFirst), path(waited)]);
  });

  it("fails a robots.txt-disallowed URL and an SSRF-refused URL for good, on the first attempt", async () => {
    const platform = await startScrapeWorker(0);
    const before = site.requests.length;
    const robots = await finished(platform, await submit(platform, `http://site-a.test:${site.port}/private/page`));
    const ssrf = await finished(platform, await submit(platform, "http://169.254.169.254/latest/meta-data/"));
    expect(robots).toMatchObject({ status: "dead", attempts: 1 });
    expect(robots["error"]).toMatch(/ROBOTS_DISALLOWED: robots\.txt disallows/);
    expect(ssrf).toMatchObject({ status: "dead", attempts: 1 });
    expect(ssrf["error"]).toMatch(/SSRF_BLOCKED: .*169\.254\.169\.254 is linkLocal/);
    // Only robots.txt was fetched; the disallowed page never was.
    expect(site.requests.slice(before).map((r) => r.split(" ")[1])).toEqual(["/robots.txt"]);
  });
});
