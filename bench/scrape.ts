/**
 * Scrape benchmark (`npm run bench -- scrape`): the real scraper path (SSRF guard, every request
 * done in Node and fulfilled into Chromium, readability extraction) against local pages served
 * on 127.0.0.1 only (test names resolve there through an injected resolver; nothing leaves the
 * machine). Measures pages/s for one browser at 1 and 4 pages at once, and the browser's memory
 * per open context: proportional set size (PSS, so shared pages are not counted twice) of the
 * whole Chromium process tree with K contexts open minus with none, divided by K.
 * Options: --pages N (per concurrency, default 60), --contexts K (default 8).
 * Prints one JSON line last: {"pages_per_s_c1","pages_per_s_c4","mib_per_context","browser_base_mib",...}
 */
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { BrowserPool, PageScraper, SsrfGuard, guardedFetch, parseAllowList } from "../packages/scraper/src/index.js";
import { fakeLookup, loopbackOnly, startLocalSite, type LocalSite } from "../packages/scraper/src/testing/local-site.js";

const { values } = parseArgs({ options: { pages: { type: "string", default: "60" }, contexts: { type: "string", default: "8" } } });
const PAGES = Number(values.pages);
const CONTEXTS = Number(values.contexts);

const paragraph = (i: number): string =>
  `<p>Paragraph ${i}: the harbour master logged every ship that entered the bay, its cargo, its crew and the weather it met on the way, so that the ledger became a history of the coast over two centuries.</p>`;
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

let site: LocalSite;
const startSite = (): Promise<LocalSite> => startLocalSite((req, res) => {
  if (req.url?.endsWith(".png")) return void res.writeHead(200, { "content-type": "image/png" }).end(PIXEL);
  if (req.url === "/style.css") return void res.writeHead(200, { "content-type": "text/css" }).end("body{font-family:serif;max-width:40em}");
  const body = Array.from({ length: 30 }, (_, i) => paragraph(i)).join("\n");
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
    `<!doctype html><html><head><title>Page ${req.url}</title><link rel="stylesheet" href="/style.css"></head><body><article><h1>Ledger ${req.url}</h1>${body}<img src="/a.png"><img src="/b.png"><a href="/next">next</a></article></body></html>`,
  );
});
const safety = loopbackOnly();
const guard = new SsrfGuard({ allow: parseAllowList("bench.test"), lookup: fakeLookup({ "bench.test": "127.0.0.1" }) });
const fetchOptions = { beforeConnect: safety.beforeConnect };
const url = (i: number): string => `http://bench.test:${site.port}/page-${i}`;

async function throughput(concurrency: number): Promise<number> {
  const pool = new BrowserPool({ guard, concurrency, maxPagesPerBrowser: 100_000, fetchOptions });
  const scraper = new PageScraper({ guard, pool, fetchOptions });
  try {
    await scraper.scrape(url(-1)); // launch the browser outside the timing
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < PAGES) {
          const page = await scraper.scrape(url(next++));
          if (!page.text.includes("harbour master")) throw new Error(`extraction failed for ${page.url}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = PAGES / seconds;
    console.log(`concurrency ${concurrency}: ${PAGES} pages in ${seconds.toFixed(2)} s = ${rate.toFixed(2)} pages/s (one browser)`);
    return rate;
  } finally {
    await pool.close();
  }
}

/** PSS of every Chromium process descended from this process, in MiB. */
function chromiumPssMiB(): number {
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      comm.set(Number(d), stat.slice(stat.indexOf("(") + 1, close));
      parent.set(Number(d), Number(stat.slice(close + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let kib = 0;
  for (const [pid, name] of comm) {
    if (!/chrom/i.test(name) || !descends(pid)) continue;
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      kib += Number(m?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kib / 1024;
}

async function memoryPerContext(): Promise<{ base: number; open: number; perContext: number }> {
  const pool = new BrowserPool({ guard, concurrency: CONTEXTS, maxPagesPerBrowser: 100_000, fetchOptions });
  const scraper = new PageScraper({ guard, pool, fetchOptions });
  try {
    await scraper.scrape(url(-2)); // browser up, no context open
    await new Promise((r) => setTimeout(r, 1_000));
    const base = chromiumPssMiB();
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    let loaded = 0;
    let allLoaded!: () => void;
    const ready = new Promise<void>((r) => (allLoaded = r));
    const holders = Array.from({ length: CONTEXTS }, (_, i) =>
      pool.withPage(async ({ page, prefetch }) => {
        prefetch(await guardedFetch(guard, url(1000 + i), fetchOptions));
        await page.goto(url(1000 + i), { waitUntil: "load" });
        if (++loaded === CONTEXTS) allLoaded();
        await hold;
      }),
    );
    await ready;
    await new Promise((r) => setTimeout(r, 1_000));
    const open = chromiumPssMiB();
    release();
    await Promise.all(holders);
    return { base, open, perContext: (open - base) / CONTEXTS };
  } finally {
    await pool.close();
  }
}

async function main(): Promise<void> {
  site = await startSite();
  try {
    const c1 = await throughput(1);
    const c4 = await throughput(4);
    const mem = await memoryPerContext();
    console.log(`memory: browser with no context ${mem.base.toFixed(0)} MiB PSS; with ${CONTEXTS} contexts ${mem.open.toFixed(0)} MiB; ${mem.perContext.toFixed(1)} MiB per context`);
    if (safety.refused.length > 0) throw new Error(`non-loopback connections attempted: ${safety.refused.join(", ")}`);
    console.log(
      JSON.stringify({
        bench: "scrape",
        pages: PAGES,
        pages_per_s_c1: Number(c1.toFixed(2)),
        pages_per_s_c4: Number(c4.toFixed(2)),
        contexts: CONTEXTS,
        browser_base_mib: Number(mem.base.toFixed(1)),
        mib_per_context: Number(mem.perContext.toFixed(1)),
        cpus: availableParallelism(),
        load1: Number(loadavg()[0]?.toFixed(2)),
      }),
    );
  } finally {
    await site.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
