/**
 * @switchyard/scraper: the SSRF guard (address policy, guarded fetch pinned to the checked
 * address), robots.txt, per-host rate limits in Redis, the Chromium pool and page scraping.
 */
export { classifyAddress, parseAllowList, isMetadataHost, EMPTY_ALLOW_LIST, type AddressVerdict, type AllowList } from "./address-policy.js";
export { SsrfGuard, systemLookup, type CheckedTarget, type LookupFn, type ResolvedAddress, type SsrfGuardOptions } from "./ssrf-guard.js";
export { pinnedAgent, type BeforeConnect } from "./pinned-dispatcher.js";
export { guardedFetch, type GuardedFetchOptions, type GuardedResponse } from "./guarded-fetch.js";
export { ScrapeError, SsrfBlockedError, RobotsDisallowedError } from "./scrape-errors.js";
export { parseRobots, robotsAllows, type RobotsRules } from "./robots-rules.js";
export { RobotsCache, type RobotsCacheOptions } from "./robots-cache.js";
export { HostRateLimiter, type HostRateLimiterOptions, type RateDecision } from "./host-rate-limiter.js";
export { extractContent, type ExtractedContent } from "./extract-content.js";
export { BrowserPool, DEFAULT_CHROMIUM_PATH, type BrowserPoolOptions, type PageSession } from "./browser-pool.js";
export type { BlockedRequest } from "./page-interceptor.js";
export { PageScraper, type FetchedPage, type PageScraperOptions, type PreparedPage, type RenderOptions, type ScrapedPage } from "./page-scraper.js";
export { baseChromiumArgs } from "./chromium-args.js";
