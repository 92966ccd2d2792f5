import type { BrowserContext, Route, WebSocketRoute } from "playwright-core";
import { WebSocket } from "undici";
import { guardedFetch, type GuardedFetchOptions, type GuardedResponse } from "./guarded-fetch.js";
import { pinnedAgent } from "./pinned-dispatcher.js";
import { SsrfBlockedError } from "./scrape-errors.js";
import type { SsrfGuard } from "./ssrf-guard.js";

export interface BlockedRequest {
  url: string;
  kind: "request" | "websocket";
  reason: string;
}

export interface InterceptOptions {
  guard: SsrfGuard;
  fetchOptions?: Pick<GuardedFetchOptions, "beforeConnect" | "maxBytes">;
  onBlocked(blocked: BlockedRequest): void;
  /** One-shot answers already fetched in Node (the page's own document), by URL. */
  prefetched: Map<string, GuardedResponse>;
}

// Framing headers describe the upstream connection, not the body we hand over (already decoded).
const DROP_RESPONSE_HEADERS = new Set(["content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"]);

/**
 * Strict mode for a browser context: every HTTP request (document, sub-resource, iframe, fetch,
 * XHR) is performed in Node by guardedFetch (checked address, pinned connection, redirects
 * re-checked hop by hop) and handed to Chromium with route.fulfill; refused ones are aborted.
 * WebSockets are checked and relayed through Node over the same pinned dispatcher.
 */
export async function interceptContext(context: BrowserContext, options: InterceptOptions): Promise<void> {
  await context.route("**/*", (route) => handleRoute(route, options));
  await context.routeWebSocket(/.*/, (ws) => handleWebSocket(ws, options));
}

async function handleRoute(route: Route, options: InterceptOptions): Promise<void> {
  const req = route.request();
  const url = req.url();
  try {
    const pre = options.prefetched.get(url);
    if (pre && req.isNavigationRequest()) options.prefetched.delete(url);
    const res =
      pre && req.isNavigationRequest()
        ? pre
        : await guardedFetch(options.guard, url, {
            method: req.method(),
            headers: req.headers(),
            ...(req.postDataBuffer() ? { body: req.postDataBuffer() ?? undefined } : {}),
            ...options.fetchOptions,
          });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (!DROP_RESPONSE_HEADERS.has(k)) headers[k] = v;
    await route.fulfill({ status: res.status, headers, body: res.body });
  } catch (err) {
    if (err instanceof SsrfBlockedError) {
      options.onBlocked({ url, kind: "request", reason: err.reason });
      await route.abort("blockedbyclient").catch(() => undefined);
    } else {
      await route.abort("failed").catch(() => undefined);
    }
  }
}

async function handleWebSocket(ws: WebSocketRoute, options: InterceptOptions): Promise<void> {
  const url = ws.url();
  let agent;
  try {
    const target = await options.guard.check(url);
    agent = pinnedAgent(target, options.fetchOptions?.beforeConnect);
  } catch (err) {
    options.onBlocked({ url, kind: "websocket", reason: err instanceof SsrfBlockedError ? err.reason : String(err) });
    await ws.close({ code: 1008, reason: "refused by the SSRF guard" }).catch(() => undefined);
    return;
  }
  const dispatcher = agent;
  const upstream = new WebSocket(url, { dispatcher });
  upstream.binaryType = "arraybuffer";
  const waiting: Array<string | Buffer> = [];
  ws.onMessage((m) => {
    if (upstream.readyState === WebSocket.OPEN) upstream.send(m);
    else waiting.push(m);
  });
  ws.onClose(() => {
    if (upstream.readyState === WebSocket.OPEN || upstream.readyState === WebSocket.CONNECTING) upstream.close();
  });
  upstream.onopen = () => {
    for (const m of waiting.splice(0)) upstream.send(m);
  };
  upstream.onmessage = (e) => {
    ws.send(typeof e.data === "string" ? e.data : Buffer.from(e.data as ArrayBuffer));
  };
  upstream.onclose = () => {
    void ws.close().catch(() => undefined);
    void dispatcher.close().catch(() => undefined);
  };
  upstream.onerror = () => undefined;
}
