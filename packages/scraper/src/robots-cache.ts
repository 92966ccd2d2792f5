import { guardedFetch, type GuardedFetchOptions } from "./guarded-fetch.js";
import { RobotsDisallowedError, ScrapeError } from "./scrape-errors.js";
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, robotsAllows, type RobotsRules } from "./robots-rules.js";
import type { SsrfGuard } from "./ssrf-guard.js";

export interface RobotsCacheOptions {
  guard: SsrfGuard;
  /** The product token matched against robots.txt groups. */
  userAgent: string;
  /** How long one origin's robots.txt is kept (default 1 h). */
  ttlMs?: number;
  fetchOptions?: Pick<GuardedFetchOptions, "beforeConnect">;
}

/**
 * robots.txt per origin, fetched through the same SSRF guard and kept for `ttlMs`. A missing
 * file (4xx) allows everything; a 5xx disallows for now and is retried after a short while
 * (RFC 9309 §2.3.1.4); an unreachable host is a retryable fetch failure.
 */
export class RobotsCache {
  private readonly cache = new Map<string, { rules: RobotsRules; until: number }>();
  private readonly pending = new Map<string, Promise<RobotsRules>>();
  private readonly ttlMs: number;
  fetches = 0;

  constructor(private readonly options: RobotsCacheOptions) {
    this.ttlMs = options.ttlMs ?? 3_600_000;
  }

  /** Throws RobotsDisallowedError when robots.txt forbids `url`. */
  async assertAllowed(url: string, signal?: AbortSignal): Promise<void> {
    const u = new URL(url);
    const rules = await this.rulesFor(u.origin, signal);
    if (!robotsAllows(rules, `${u.pathname}${u.search}`)) throw new RobotsDisallowedError(url);
  }

  private async rulesFor(origin: string, signal?: AbortSignal): Promise<RobotsRules> {
    const hit = this.cache.get(origin);
    if (hit && hit.until > Date.now()) return hit.rules;
    let p = this.pending.get(origin);
    if (!p) {
      p = this.load(origin, signal).finally(() => this.pending.delete(origin));
      this.pending.set(origin, p);
    }
    return p;
  }

  private async load(origin: string, signal?: AbortSignal): Promise<RobotsRules> {
    this.fetches++;
    const res = await guardedFetch(this.options.guard, `${origin}/robots.txt`, {
      maxBytes: 512 * 1024,
      headers: { "user-agent": this.options.userAgent },
      ...(signal ? { signal } : {}),
      ...this.options.fetchOptions,
    });
    let rules: RobotsRules;
    let ttl = this.ttlMs;
    if (res.status >= 200 && res.status < 300) rules = parseRobots(res.body.toString("utf8"), this.options.userAgent);
    else if (res.status >= 400 && res.status < 500) rules = ALLOW_ALL;
    else if (res.status >= 500) {
      rules = DISALLOW_ALL;
      ttl = Math.min(ttl, 60_000);
    } else throw new ScrapeError("FETCH_FAILED", `${origin}/robots.txt answered ${res.status}`, true);
    this.cache.set(origin, { rules, until: Date.now() + ttl });
    return rules;
  }
}
