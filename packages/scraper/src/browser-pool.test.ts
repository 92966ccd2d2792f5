import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList } from "./address-policy.js";
import { BrowserPool } from "./browser-pool.js";
import { PageScraper } from "./page-scraper.js";
import { SsrfBlockedError } from "./scrape-errors.js";
import { SsrfGuard } from "./ssrf-guard.js";
import { fakeLookup, loopbackOnly, startLocalSite, type LocalSite } from "./testing/local-site.js";

// Network safety: Chromium's only proxy is the pool's local sink and its resolver resolves
// nothing, so whatever the guard decides, the browser itself reaches no address; the guarded
// fetcher may open sockets to loopback only (loopbackOnly), and test names resolve through
// fakeLookup, never through real DNS.
const PRIVATE_SUBRESOURCES = `
  <img id="a" src="http://10.0.0.1/a.png">
  <img id="b" src="http://172.16.0.1/b.png">
  <img id="c" src="http://[fe80::1]/c.png">
  <img id="d" src="http://evil-loop.test:PORT/d.png">
  <iframe src="http://192.168.1.1/frame"></iframe>
  <script>
    fetch("http://169.254.169.254/latest/meta-data/").catch(() => {});
    const x = new XMLHttpRequest(); x.open("GET", "http://[::1]:PORT/xhr"); x.onerror = () => {}; x.send();
    try { new WebSocket("ws://[fd00::1]/socket"); } catch {}
  </script>`;

let site: LocalSite;
let other: LocalSite;
let pool: BrowserPool;
const safety = loopbackOnly();
const lookupCalls: string[] = [];
let guard: SsrfGuard;
let scraper: PageScraper;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sy-scrape-"));
  site = await startLocalSite((req, res) => {
    const html = (body: string): void => void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
    if (req.url === "/article") {
      html(`<!doctype html><html><head><title>Local Article</title></head><body>
        <nav><a href="/home">Home</a></nav>
        <article><h1>Lighthouses of the north</h1>
        <p>The lighthouse keeper climbed the spiral stairs every evening to light the great lamp, a ritual repeated for two hundred years.</p>
        <p>Ships passing the rocky headland relied on its beam, which could be seen twenty nautical miles out to sea on a clear night.</p>
        <p>Today the light is automatic, but the keeper's cottage remains as a small museum about the coast and its storms.</p>
        <p>See <a href="/more?x=1">more stories</a> or <a href="http://site-b.test:${other.port}/other">the other site</a>.</p>
        <img src="http://site-b.test:${other.port}/pixel.png">
        </article></body></html>`);
    } else if (req.url === "/private-subresources") {
      html(`<!doctype html><title>Subresources</title><body><p>main</p>${PRIVATE_SUBRESOURCES.replaceAll("PORT", String(site.port))}</body>`);
    } else if (req.url === "/redirect-private") {
      res.writeHead(302, { location: "http://192.168.0.10/router" }).end();
    } else if (req.url === "/missing") {
      res.writeHead(404, { "content-type": "text/html" }).end("<title>Not here</title><p>gone</p>");
    } else html(`<!doctype html><title>Page ${req.url}</title><p>plain page ${req.url}</p>`);
  });
  other = await startLocalSite((req, res) => {
    if (req.url === "/pixel.png") res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(0));
    else res.end("other");
  });
  guard = new SsrfGuard({
    // The local test servers, allowed by configuration the way SCRAPE_ALLOW_PRIVATE allows them.
    allow: parseAllowList("site-a.test,site-b.test"),
    lookup: fakeLookup({ "site-a.test": "127.0.0.1", "site-b.test": "127.0.0.1", "evil-loop.test": "127.0.0.1" }, lookupCalls),
  });
  pool = new BrowserPool({ guard, concurrency: 2, maxPagesPerBrowser: 100, fetchOptions: { beforeConnect: safety.beforeConnect } });
  scraper = new PageScraper({ guard, pool, fetchOptions: { beforeConnect: safety.beforeConnect } });
});

afterAll(async () => {
  await pool?.close();
  await site?.close();
  await other?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  // Nothing may ever have tried to connect anywhere but loopback.
  expect(safety.refused).toEqual([]);
});

const url = (path: string): string => `http://site-a.test:${site.port}${path}`;

describe("scraping with the browser pool (real Chromium, local pages)", () => {
  it("extracts title, main text, links and status, and loads allowed sub-resources through the guard", async () => {
    const shot = join(dataDir, "shots", "article.png");
    const page = await scraper.scrape(url("/article"), { screenshotPath: shot });
    expect(page.status).toBe(200);
    expect(page.finalUrl).toBe(url("/article"));
    expect(page.title).toBe("Local Article");
    expect(page.text).toContain("The lighthouse keeper climbed the spiral stairs");
    expect(page.text).toContain("keeper's cottage remains as a small museum");
    expect(page.links).toEqual([url("/home"), url("/more?x=1"), `http://site-b.test:${other.port}/other`]);
    expect(page.blockedRequests).toEqual([]);
    // The image on the other allowed host was fetched by Node for the page.
    expect(other.requests).toContain(`site-b.test:${other.port} /pixel.png`);
    expect(page.screenshotPath).toBe(shot);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe("PNG");
  });

  it("reports the HTTP status of an error page", async () => {
    const page = await scraper.scrape(url("/missing"));
    expect(page.status).toBe(404);
    expect(page.title).toBe("Not here");
  });

  it("refuses a page that redirects to a private address, without connecting to it", async () => {
    const err = await scraper.scrape(url("/redirect-private")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SsrfBlockedError);
    expect((err as SsrfBlockedError).reason).toMatch(/192\.168\.0\.10 is private/);
  });

  it("refuses sub-resources, fetch, XHR, iframes and websockets to private, link-local, metadata and loopback addresses", async () => {
    const page = await scraper.scrape(url("/private-subresources"));
    expect(page.title).toBe("Subresources");
    const blocked = new Map(page.blockedRequests.map((b) => [b.url, b]));
    expect(blocked.get("http://10.0.0.1/a.png")?.reason).toMatch(/10\.0\.0\.1 is private/);
    expect(blocked.get("http://172.16.0.1/b.png")?.reason).toMatch(/private/);
    expect(blocked.get("http://[fe80::1]/c.png")?.reason).toMatch(/linkLocal/);
    expect(blocked.get(`http://evil-loop.test:${site.port}/d.png`)?.reason).toMatch(/evil-loop\.test resolves to 127\.0\.0\.1/);
    expect(blocked.get("http://192.168.1.1/frame")?.reason).toMatch(/private/);
    expect(blocked.get("http://169.254.169.254/latest/meta-data/")?.reason).toMatch(/linkLocal/);
    expect(blocked.get(`http://[::1]:${site.port}/xhr`)?.reason).toMatch(/loopback/);
    expect(blocked.get("ws://[fd00::1]/socket")).toMatchObject({ kind: "websocket", reason: expect.stringMatching(/uniqueLocal/) });
    // None of them reached the local server (evil-loop and ::1 point at it) or escaped to the sink.
    expect(site.requests.filter((r) => r.includes("/d.png") || r.includes("/xhr"))).toEqual([]);
    expect(pool.sinkAttempts.filter((a) => /10\.0\.0\.1|172\.16|fe80|192\.168|169\.254|fd00|evil-loop|::1/.test(a))).toEqual([]);
  });

  it("serves fetchPage without a browser too", async () => {
    const plain = new PageScraper({ guard, fetchOptions: { beforeConnect: safety.beforeConnect } });
    const page = await plain.fetchPage(url("/article"));
    expect(page).toMatchObject({ finalUrl: url("/article"), status: 200, title: "Local Article" });
    expect(page.text).toContain("relied on its beam");
    expect(page.html).toContain("<article>");
  });
});

describe("browser lifecycle", () => {
  it("restarts the browser after N pages", async () => {
    const events: string[] = [];
    const p = new BrowserPool({ guard, concurrency: 1, maxPagesPerBrowser: 2, fetchOptions: { beforeConnect: safety.beforeConnect }, onEvent: (e) => events.push(e) });
    const s = new PageScraper({ guard, pool: p, fetchOptions: { beforeConnect: safety.beforeConnect } });
    try {
      const titles: string[] = [];
      for (let i = 0; i < 5; i++) titles.push((await s.scrape(url(`/p${i}`))).title);
      expect(titles).toEqual(["Page /p0", "Page /p1", "Page /p2", "Page /p3", "Page /p4"]);
      expect(p.launches).toBe(3);
      expect(events).toEqual(["launch", "retire", "launch", "retire", "launch"]);
    } finally {
      await p.close();
    }
  });

  it("recovers when the browser process is killed", async () => {
    const p = new BrowserPool({ guard, concurrency: 1, fetchOptions: { beforeConnect: safety.beforeConnect } });
    const s = new PageScraper({ guard, pool: p, fetchOptions: { beforeConnect: safety.beforeConnect } });
    try {
      const before = chromiumChildren();
      expect((await s.scrape(url("/before"))).title).toBe("Page /before");
      const mine = chromiumChildren().filter((pid) => !before.includes(pid));
      expect(mine).toHaveLength(1);
      process.kill(mine[0]!, "SIGKILL");
      // The next page gets a fresh browser (the dead one may fail one in-flight page, never the next).
      const after = await s.scrape(url("/after"));
      expect(after.title).toBe("Page /after");
      expect(p.launches).toBe(2);
    } finally {
      await p.close();
    }
  });
});

/** Chromium processes this test process launched (direct children). */
function chromiumChildren(): number[] {
  if (!existsSync("/proc")) return [];
  const out = execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(process.pid)], { encoding: "utf8" });
  return out
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([, comm]) => comm !== undefined && /chrom/.test(comm))
    .map(([pid]) => Number(pid));
}
