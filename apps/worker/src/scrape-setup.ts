import { join } from "node:path";
import type { Logger } from "@switchyard/observability";
import { closeRedis, createRedis } from "@switchyard/queue";
import { BrowserPool, HostRateLimiter, PageScraper, RobotsCache, SsrfGuard } from "@switchyard/scraper";
import type { ScrapePageOptions } from "@switchyard/tasks";
import type { WorkerEnv } from "./env.js";

export const SCRAPER_USER_AGENT = "SwitchyardBot/0.1 (+self-hosted scraper)";

export interface ScrapeSetup {
  options: ScrapePageOptions;
  /** The guarded page fetch (for ingestion from a URL). */
  scraper: PageScraper;
  close(): Promise<void>;
}

/**
 * scrape.page's dependencies for this worker: the SSRF guard (SCRAPE_ALLOW_PRIVATE), one browser
 * pool (Chromium starts on the first page), robots.txt (SCRAPE_ROBOTS) and per-host rate limits
 * in Redis (SCRAPE_RATE_PER_HOST). Ingestion hand-off (submitIngest) is not wired here yet.
 */
export function createScrapeSetup(env: WorkerEnv, concurrency: number, log: Logger): ScrapeSetup {
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
  return {
    scraper,
    options: {
      scraper,
      rateLimiter: new HostRateLimiter({ redis, prefix: env.QUEUE_PREFIX, perSecond: env.SCRAPE_RATE_PER_HOST }),
      screenshotDir: env.SCRAPE_SCREENSHOT_DIR ?? join(env.DATA_DIR, "screenshots"),
      submitIngest: null,
    },
    async close() {
      await pool.close();
      await closeRedis(redis);
    },
  };
}
