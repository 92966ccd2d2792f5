import { createHash } from "node:crypto";
import { join } from "node:path";
import { NonRetryableError, TaskDeferredError, type TaskHandler } from "@switchyard/queue";
import { ScrapeError, type HostRateLimiter, type PageScraper, type ScrapedPage } from "@switchyard/scraper";

/** A scraped page handed to ingestion (the shape of an ingest.document document, `text` source). */
export interface ScrapedDocument {
  collection: string;
  /** Stable per URL, so scraping the same page again replaces its chunks. */
  id: string;
  title?: string;
  text: string;
  /** The page's final URL, stored as each chunk's `source`. */
  source: string;
  metadata: { url: string };
}

/** The seam to ingestion: submits an ingest.document task and returns its id. */
export type SubmitIngest = (doc: ScrapedDocument) => Promise<{ taskId: string }>;

export interface ScrapePageOptions {
  scraper: PageScraper;
  /** Per-host limit shared by all workers through Redis; null = no limit. */
  rateLimiter?: HostRateLimiter | null;
  /** Where screenshots go (DATA_DIR/screenshots); required for `screenshot: true`. */
  screenshotDir?: string | null;
  submitIngest?: SubmitIngest | null;
}

/**
 * scrape.page: the host's rate-limit slot (a refusal defers the task until the next slot, no
 * attempt spent), robots.txt and the document fetched through the SSRF guard, then the page
 * rendered in the browser pool behind the `browser` breaker. Refusals (SSRF, robots.txt) fail
 * for good; network trouble is retried by the pool's policy.
 */
export function createScrapePageHandler(options: ScrapePageOptions): TaskHandler<"scrape.page"> {
  return async ({ taskId, payload, signal, progress, dependency }) => {
    if (payload.ingest && !options.submitIngest) throw new NonRetryableError("payload.ingest: ingestion is not configured in this worker");
    if (payload.screenshot && !options.screenshotDir) throw new NonRetryableError("payload.screenshot: no screenshot directory is configured in this worker");
    const host = new URL(payload.url).hostname;
    const slot = (await options.rateLimiter?.take(host)) ?? { ok: true };
    if (!slot.ok) throw new TaskDeferredError(`rate limit for ${host}: waiting until ${new Date(slot.retryAt).toISOString()}`, slot.retryAt);

    let page: ScrapedPage;
    try {
      const prepared = await options.scraper.prepare(payload.url, signal);
      await progress({ percent: 30, message: `fetched ${prepared.response.url} (${prepared.response.status})` });
      const outcome = await dependency("browser", async (breakerSignal) => {
        try {
          return {
            page: await options.scraper.render(prepared, {
              signal: AbortSignal.any([signal, breakerSignal]),
              ...(payload.timeoutMs ? { timeoutMs: payload.timeoutMs } : {}),
              ...(payload.waitForSelector ? { waitForSelector: payload.waitForSelector } : {}),
              ...(payload.screenshot && options.screenshotDir ? { screenshotPath: join(options.screenshotDir, `${taskId}.png`) } : {}),
            }),
          };
        } catch (err) {
          // Only a failing browser counts against the breaker; a slow or broken page does not.
          if (isBrowserFailure(err)) throw err;
          return { error: err };
        }
      });
      if ("error" in outcome) throw outcome.error;
      page = outcome.page;
    } catch (err) {
      if (err instanceof ScrapeError && !err.retryable) throw new NonRetryableError(`${err.code}: ${err.message}`);
      throw err;
    }
    await progress({ percent: 90, message: `extracted ${page.text.length} characters` });

    let ingestTaskId: string | undefined;
    if (payload.ingest && options.submitIngest) {
      const submitted = await options.submitIngest({
        collection: payload.ingest.collection,
        id: `url-${createHash("sha256").update(page.finalUrl).digest("hex").slice(0, 32)}`,
        ...(page.title ? { title: page.title.slice(0, 500) } : {}),
        text: page.text,
        source: page.finalUrl,
        metadata: { url: page.finalUrl },
      });
      ingestTaskId = submitted.taskId;
    }
    return {
      url: page.url,
      finalUrl: page.finalUrl,
      status: page.status,
      title: page.title,
      text: page.text,
      excerpt: page.excerpt,
      links: page.links,
      ...(page.screenshotPath ? { screenshotPath: page.screenshotPath } : {}),
      blockedRequests: page.blockedRequests,
      ...(ingestTaskId ? { ingestTaskId } : {}),
    };
  };
}

function isBrowserFailure(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : String(err);
  return /browser has been closed|Browser closed|Target closed|browser pool is closed|Chromium not found|Failed to launch|crash/i.test(msg);
}
