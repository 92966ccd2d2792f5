import { request } from "undici";
import { pinnedAgent, type BeforeConnect } from "./pinned-dispatcher.js";
import { ScrapeError, SsrfBlockedError } from "./scrape-errors.js";
import type { SsrfGuard } from "./ssrf-guard.js";

export interface GuardedFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  signal?: AbortSignal;
  /** Redirects to follow, each hop checked again; 0 returns the 3xx itself. Default 5. */
  maxRedirects?: number;
  /** Refuse bodies larger than this (default 20 MiB). */
  maxBytes?: number;
  /** Last-line hook on every socket's target address (tests: loopback only). */
  beforeConnect?: BeforeConnect;
}

export interface GuardedResponse {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The URLs redirected from, in order. */
  redirects: string[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Headers that belong to one connection or that we must not forward (we read bodies uncompressed).
const DROP_REQUEST_HEADERS = new Set(["host", "connection", "content-length", "accept-encoding", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);

/**
 * An HTTP(S) request through the SSRF guard: the host is resolved and checked, the connection is
 * pinned to the checked address, and redirects are followed here, hop by hop, each checked again.
 */
export async function guardedFetch(guard: SsrfGuard, url: string, options: GuardedFetchOptions = {}): Promise<GuardedResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  const redirects: string[] = [];
  let current = url;
  let method = (options.method ?? "GET").toUpperCase();
  let body = options.body;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.headers ?? {})) {
    if (!DROP_REQUEST_HEADERS.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
  }
  for (;;) {
    const target = await guard.check(current);
    if (target.url.protocol !== "http:" && target.url.protocol !== "https:") {
      throw new SsrfBlockedError(target.url.href, `scheme ${target.url.protocol} cannot be fetched`);
    }
    const agent = pinnedAgent(target, options.beforeConnect);
    try {
      let res;
      try {
        res = await request(target.url, {
          dispatcher: agent,
          method: method as "GET",
          headers,
          ...(body !== undefined && method !== "GET" && method !== "HEAD" ? { body } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (err) {
        if (options.signal?.aborted) throw options.signal.reason;
        throw new ScrapeError("FETCH_FAILED", `${target.url.href}: ${err instanceof Error ? err.message : String(err)}`, true);
      }
      const flat = flattenHeaders(res.headers);
      const location = flat["location"];
      if (REDIRECTS.has(res.statusCode) && location !== undefined && maxRedirects > 0) {
        await res.body.dump();
        if (redirects.length >= maxRedirects) {
          throw new ScrapeError("TOO_MANY_REDIRECTS", `more than ${maxRedirects} redirects from ${url}`, false);
        }
        redirects.push(target.url.href);
        current = new URL(location, target.url).href;
        if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === "POST")) {
          method = "GET";
          body = undefined;
        }
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const b = chunk as Buffer;
        size += b.length;
        if (size > maxBytes) {
          res.body.destroy();
          throw new ScrapeError("TOO_LARGE", `${target.url.href}: body larger than ${maxBytes} bytes`, false);
        }
        chunks.push(b);
      }
      return { url: target.url.href, status: res.statusCode, headers: flat, body: Buffer.concat(chunks), redirects };
    } finally {
      await agent.close().catch(() => undefined);
    }
  }
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(k.toLowerCase() === "set-cookie" ? "\n" : ", ") : v;
  }
  return out;
}
