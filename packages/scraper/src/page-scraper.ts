import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { BrowserPool } from "./browser-pool.js";
import { extractContent } from "./extract-content.js";
import { guardedFetch, type GuardedFetchOptions, type GuardedResponse } from "./guarded-fetch.js";
import type { BlockedRequest } from "./page-interceptor.js";
import type { RobotsCache } from "./robots-cache.js";
import type { SsrfGuard } from "./ssrf-guard.js";

export interface PageScraperOptions {
  guard: SsrfGuard;
  /** Needed for browser renders; without one, only `fetchPage(url, {browser: false})` works. */
  pool?: BrowserPool | null;
  /** robots.txt checks; null turns them off. */
  robots?: RobotsCache | null;
  userAgent?: string;
  fetchOptions?: Pick<GuardedFetchOptions, "beforeConnect" | "maxBytes">;
}

/** What `fetchPage` returns (ingestion-from-URL uses it). */
export interface FetchedPage {
  /** The URL that answered, after redirects. */
  finalUrl: string;
  status: number;
  title: string;
  html: string;
  /** Main text (readability). */
  text: string;
}

export interface ScrapedPage extends FetchedPage {
  url: string;
  redirects: string[];
  excerpt: string | null;
  links: string[];
  screenshotPath?: string;
  /** Sub-requests of the page the SSRF guard refused. */
  blockedRequests: BlockedRequest[];
}

/** The document fetched in Node (guarded, redirects checked) before the browser renders it. */
export interface PreparedPage {
  url: string;
  response: GuardedResponse;
  isHtml: boolean;
}

export interface RenderOptions {
  waitForSelector?: string;
  timeoutMs?: number;
  /** Write a PNG screenshot here. */
  screenshotPath?: string;
  signal?: AbortSignal;
}

const MAX_LINKS = 1_000;

/**
 * Scraping in two steps, so the handler can put only the browser behind the `browser` breaker:
 * `prepare` (robots.txt, then the document fetched through the guard, every redirect hop
 * checked) and `render` (Chromium loads that document from the prepared response; its
 * sub-requests go through the guard too).
 */
export class PageScraper {
  constructor(private readonly options: PageScraperOptions) {}

  async prepare(url: string, signal?: AbortSignal): Promise<PreparedPage> {
    await this.options.robots?.assertAllowed(url, signal);
    const response = await guardedFetch(this.options.guard, url, {
      ...(this.options.userAgent ? { headers: { "user-agent": this.options.userAgent } } : {}),
      ...(signal ? { signal } : {}),
      ...this.options.fetchOptions,
    });
    // A redirect to a disallowed path is refused like the path itself.
    if (response.url !== url) await this.options.robots?.assertAllowed(response.url, signal);
    const type = response.headers["content-type"] ?? "";
    return { url, response, isHtml: type === "" || /html|xml/i.test(type) };
  }

  async render(prepared: PreparedPage, options: RenderOptions = {}): Promise<ScrapedPage> {
    const { response } = prepared;
    if (!prepared.isHtml) {
      // Plain text, JSON and the like need no browser.
      const body = response.body.toString("utf8");
      return { ...this.base(prepared), title: "", html: "", text: body, excerpt: null, links: [], blockedRequests: [] };
    }
    const pool = this.options.pool;
    if (!pool) throw new Error("no browser pool configured");
    const timeout = options.timeoutMs ?? 30_000;
    return pool.withPage(async ({ page, blocked, prefetch }) => {
      prefetch(response);
      await page.goto(response.url, { waitUntil: "load", timeout });
      if (options.waitForSelector) await page.waitForSelector(options.waitForSelector, { timeout });
      const title = await page.title();
      const html = await page.content();
      const links = await page.$$eval("a[href]", (as) => as.map((a) => (a as unknown as { href: string }).href));
      let screenshotPath: string | undefined;
      if (options.screenshotPath) {
        await mkdir(dirname(options.screenshotPath), { recursive: true });
        await page.screenshot({ path: options.screenshotPath, timeout });
        screenshotPath = options.screenshotPath;
      }
      const content = extractContent(html, title);
      return {
        ...this.base(prepared),
        title: title || content.title,
        html,
        text: content.text,
        excerpt: content.excerpt,
        links: uniqueHttpLinks(links),
        ...(screenshotPath ? { screenshotPath } : {}),
        blockedRequests: [...blocked],
      };
    }, options.signal);
  }

  async scrape(url: string, options: RenderOptions = {}): Promise<ScrapedPage> {
    return this.render(await this.prepare(url, options.signal), options);
  }

  /**
   * The guarded page fetch for other packages (ingestion from a URL): SSRF guard, robots.txt,
   * redirects re-checked; rendered in Chromium when `browser` (default: when a pool exists),
   * else the HTML is parsed in Node.
   */
  async fetchPage(url: string, opts: { browser?: boolean; signal?: AbortSignal } = {}): Promise<FetchedPage> {
    const prepared = await this.prepare(url, opts.signal);
    if ((opts.browser ?? this.options.pool != null) && prepared.isHtml) {
      const p = await this.render(prepared, opts.signal ? { signal: opts.signal } : {});
      return { finalUrl: p.finalUrl, status: p.status, title: p.title, html: p.html, text: p.text };
    }
    const html = prepared.response.body.toString("utf8");
    if (!prepared.isHtml) return { finalUrl: prepared.response.url, status: prepared.response.status, title: "", html: "", text: html };
    const content = extractContent(html);
    return { finalUrl: prepared.response.url, status: prepared.response.status, title: content.title, html, text: content.text };
  }

  private base(prepared: PreparedPage): Pick<ScrapedPage, "url" | "finalUrl" | "status" | "redirects"> {
    return {
      url: prepared.url,
      finalUrl: prepared.response.url,
      status: prepared.response.status,
      redirects: prepared.response.redirects,
    };
  }
}

function uniqueHttpLinks(links: string[]): string[] {
  const out = new Set<string>();
  for (const l of links) {
    if (!/^https?:\/\//i.test(l)) continue;
    out.add(l);
    if (out.size >= MAX_LINKS) break;
  }
  return [...out];
}
