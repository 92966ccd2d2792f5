import { join } from "node:path";
import type { Logger } from "@switchyard/observability";
import { closeRedis, createRedis } from "@switchyard/queue";
import { TaskDeferredError } from "@switchyard/queue";
import type { FetchPage } from "@switchyard/rag";
import { BrowserPool, HostRateLimiter, PageScraper, RobotsCache, SsrfGuard } from "@switchyard/scraper";
import type { ScrapePageOptions, SubmitIngest } from "@switchyard/tasks";
import type { WorkerEnv } from "./env.js";

export const SCRAPER_USER_AGENT = "SwitchyardBot/0.1 (+self-hosted scraper)";

export interface ScrapeSetup {
  options: ScrapePageOptions;
  /** The guarded page fetch (for ingestion from a URL). */
  scraper: PageScraper;
  /** URL ingestion's fetch: the same guard, robots.txt, per-host rate limit and browser pool as scrape.page. */
  fetchPage: FetchPage;
  close(): Promise<void>;
}

/**
 * scrape.page's dependencies for this worker: the SSRF guard (SCRAPE_ALLOW_PRIVATE), one browser
 * pool (Chromium starts on the first page), robots.txt (SCRAPE_ROBOTS) and per-host rate limits
 * in Redis (SCRAPE_RATE_PER_HOST); `submitIngest` hands a page's text to ingestion (null: a
 * scrape.page asking for `ingest` is refused).
 */
export function createScrapeSetup(env: WorkerEnv, concurrency: number, log: Logger, submitIngest: SubmitIngest | null = null): ScrapeSetup {
  const guard = new SsrfGuard({ allow: env.SCRAPE_ALLOW_PRIVATE });
  const pool = new BrowserPool({
    guard,
    executablePath: env.SCRAPE_CHROMIUM_PATH,
    concurrency,
    maxPagesPerBrowser: env.SCRAPE_BROWSER_MAX_PAGES,
    userAgent: SCRAPER_USER_AGENT,
    onEvent: (event, detail) =>
      event === "disconnect" ? log.warn("browser disconnected; relaunching on the next page", detail) : log.info(`browser ${event}`, detail),
  });
  const robots = env.SCRAPE_ROBOTS ? new RobotsCache({ guard, userAgent: "SwitchyardBot" }) : null;
  const scraper = new PageScraper({ guard, pool, robots, userAgent: SCRAPER_USER_AGENT });
  const redis = createRedis(env.REDIS_URL, "worker:scrape-rate");
  const rateLimiter = new HostRateLimiter({ redis, prefix: env.QUEUE_PREFIX, perSecond: env.SCRAPE_RATE_PER_HOST });
  return {
    scraper,
    async fetchPage(url, signal) {
      // The host's slot first, as for scrape.page: a refusal defers the ingest task, no attempt spent.
      const host = new URL(url).hostname;
      const slot = await rateLimiter.take(host);
      if (!slot.ok) throw new TaskDeferredError(`rate limit for ${host}: waiting until ${new Date(slot.retryAt).toISOString()}`, slot.retryAt);
      const page = await scraper.fetchPage(url, { signal });
      return { url: page.finalUrl, title: page.title || null, text: page.text };
    },
    options: {
      scraper,
      rateLimiter,
      screenshotDir: screenshotDirOf(env),
      submitIngest,
    },
    async close() {
      await pool.close();
      await closeRedis(redis);
    },
  };
}

/** Where scrape.page stores screenshots (and maintenance.cleanup removes old ones). */
export function screenshotDirOf(env: WorkerEnv): string {
  return env.SCRAPE_SCREENSHOT_DIR ?? join(env.DATA_DIR, "screenshots");
}
