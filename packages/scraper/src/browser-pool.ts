import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { GuardedFetchOptions, GuardedResponse } from "./guarded-fetch.js";
import { NetworkSink } from "./network-sink.js";
import { interceptContext, type BlockedRequest } from "./page-interceptor.js";
import type { SsrfGuard } from "./ssrf-guard.js";
import { baseChromiumArgs } from "./chromium-args.js";

export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

export interface BrowserPoolOptions {
  guard: SsrfGuard;
  /** Debian's Chromium; playwright-core never downloads one. */
  executablePath?: string;
  /** Pages open at once (the scrape pool's concurrency). */
  concurrency?: number;
  /** Restart the browser after this many pages (memory creep, leaked state). */
  maxPagesPerBrowser?: number;
  userAgent?: string;
  fetchOptions?: Pick<GuardedFetchOptions, "beforeConnect" | "maxBytes">;
  onEvent?: (event: "launch" | "retire" | "disconnect", detail: { launches: number }) => void;
}

/** One page in its own fresh context, with the context's record of refused requests. */
export interface PageSession {
  page: Page;
  context: BrowserContext;
  blocked: BlockedRequest[];
  /** Serve this already-fetched response when the page navigates to its URL. */
  prefetch(response: GuardedResponse): void;
}

interface Generation {
  browser: Browser;
  pages: number;
  active: number;
  retiring: boolean;
}

/**
 * One Chromium per worker process, a fresh context per page (service workers blocked, every
 * request intercepted by the SSRF guard), at most `concurrency` pages at once. The browser is
 * replaced after `maxPagesPerBrowser` pages (the old one closes when its last page is done) and
 * relaunched on the next page after it crashes or disconnects. Chromium has no network of its
 * own: its proxy is a local sink and its resolver resolves nothing (network-sink.ts).
 */
export class BrowserPool {
  private readonly executablePath: string;
  private readonly concurrency: number;
  private readonly maxPages: number;
  private current: Generation | null = null;
  private launching: Promise<Generation> | null = null;
  private sink: NetworkSink | null = null;
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  private closed = false;
  /** Browsers started so far (restarts included). */
  launches = 0;
  /** Pages opened so far. */
  pagesOpened = 0;

  constructor(private readonly options: BrowserPoolOptions) {
    this.executablePath = options.executablePath ?? DEFAULT_CHROMIUM_PATH;
    this.concurrency = Math.max(1, options.concurrency ?? 6);
    this.maxPages = Math.max(1, options.maxPagesPerBrowser ?? 100);
  }

  /** What escaped interception and hit the sink (should stay empty of real requests). */
  get sinkAttempts(): readonly string[] {
    return this.sink?.attempts ?? [];
  }

  async withPage<T>(fn: (session: PageSession) => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquireSlot(signal);
    let gen: Generation | null = null;
    let context: BrowserContext | null = null;
    try {
      // A browser that died a moment ago may still look connected: its first new context
      // fails, and the page goes to a fresh browser instead.
      for (let tries = 0; ; tries++) {
        const candidate = await this.browser();
        try {
          context = await candidate.browser.newContext({
            serviceWorkers: "block",
            ...(this.options.userAgent ? { userAgent: this.options.userAgent } : {}),
          });
          gen = candidate;
          break;
        } catch (err) {
          if (tries > 0 || this.closed) throw err;
          this.retire(candidate);
        }
      }
      gen.pages++;
      gen.active++;
      this.pagesOpened++;
      const blocked: BlockedRequest[] = [];
      const prefetched = new Map<string, GuardedResponse>();
      await interceptContext(context, {
        guard: this.options.guard,
        onBlocked: (b) => blocked.push(b),
        prefetched,
        ...(this.options.fetchOptions ? { fetchOptions: this.options.fetchOptions } : {}),
      });
      const page = await context.newPage();
      const ctx = context;
      const onAbort = (): void => void ctx.close().catch(() => undefined);
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        return await fn({ page, context, blocked, prefetch: (r) => prefetched.set(r.url, r) });
      } finally {
        signal?.removeEventListener("abort", onAbort);
      }
    } finally {
      await context?.close().catch(() => undefined);
      if (gen) {
        gen.active--;
        if (gen.pages >= this.maxPages) this.retire(gen);
        if (gen.retiring && gen.active === 0) void gen.browser.close().catch(() => undefined);
      }
      this.releaseSlot();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const gens = [this.current, await this.launching?.catch(() => null)].filter((g): g is Generation => g !== null && g !== undefined);
    this.current = null;
    for (const g of gens) await g.browser.close().catch(() => undefined);
    await this.sink?.close();
    this.sink = null;
    for (const w of this.waiters.splice(0)) w();
  }

  private async browser(): Promise<Generation> {
    if (this.closed) throw new Error("browser pool is closed");
    const c = this.current;
    if (c && c.browser.isConnected() && c.pages < this.maxPages) return c;
    if (c) this.retire(c);
    this.launching ??= this.launch().finally(() => {
      this.launching = null;
    });
    return this.launching;
  }

  private retire(gen: Generation): void {
    if (gen.retiring) return;
    gen.retiring = true;
    if (this.current === gen) this.current = null;
    this.options.onEvent?.("retire", { launches: this.launches });
    if (gen.active === 0) void gen.browser.close().catch(() => undefined);
  }

  private async launch(): Promise<Generation> {
    if (!existsSync(this.executablePath)) throw new Error(`Chromium not found at ${this.executablePath}`);
    this.sink ??= await NetworkSink.start();
    const args = [
      ...baseChromiumArgs(),
      // No network of its own: every request is intercepted and done in Node through the guard.
      `--proxy-server=http://127.0.0.1:${this.sink.port}`,
      "--proxy-bypass-list=<-loopback>",
      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ];
    const browser = await chromium.launch({ executablePath: this.executablePath, args, headless: true });
    const gen: Generation = { browser, pages: 0, active: 0, retiring: false };
    this.launches++;
    browser.on("disconnected", () => {
      if (this.current === gen) this.current = null;
      // A retired browser closing is expected; anything else is a crash or a lost connection.
      if (!gen.retiring && !this.closed) this.options.onEvent?.("disconnect", { launches: this.launches });
      gen.retiring = true;
    });
    if (this.closed) {
      await browser.close();
      throw new Error("browser pool is closed");
    }
    this.current = gen;
    this.options.onEvent?.("launch", { launches: this.launches });
    return gen;
  }

  private async acquireSlot(signal?: AbortSignal): Promise<void> {
    if (this.closed) throw new Error("browser pool is closed");
    signal?.throwIfAborted();
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const go = (): void => {
        signal?.removeEventListener("abort", onAbort);
        if (this.closed) reject(new Error("browser pool is closed"));
        else {
          this.active++;
          resolve();
        }
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(go);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(go);
    });
  }

  private releaseSlot(): void {
    this.active--;
    this.waiters.shift()?.();
  }
}
