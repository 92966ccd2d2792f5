import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

/**
 * One policy for pages, the docs page and API answers. Next.js production pages need inline
 * scripts (its flight data) and React inline styles, so 'unsafe-inline' for those two; never
 * 'unsafe-eval'. Scripts, styles, fonts and connections (tRPC, socket.io) are same-origin only;
 * nothing may frame us.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
};

/** Authenticated content is never kept by a shared cache (nor by the browser's). */
export const NO_STORE = "no-store";

/** Next.js's hashed build assets: immutable, fine in any cache. */
const PUBLIC_ASSETS = "/_next/static/";

function isPublicAsset(url: string): boolean {
  return url.startsWith(PUBLIC_ASSETS);
}

/**
 * Set on every response before any handler runs: the security headers and a no-store default
 * (not on hashed assets: Next.js keeps a Cache-Control it finds set). A handler's own headers
 * win (the API's docs assets say how long they may be cached).
 */
export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  if (!isPublicAsset(req.url ?? "/")) res.setHeader("Cache-Control", NO_STORE);
}

/** The headers as raw lines, for answers written straight to a socket. */
export function securityHeaderLines(): string {
  return `${Object.entries(SECURITY_HEADERS)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}Cache-Control: ${NO_STORE}\r\n`;
}

/**
 * Pages: Next.js marks prerendered pages `s-maxage=…` (and overrides any Cache-Control set in
 * its config), which would let a shared cache keep the dashboard. Whatever Next sets, a page
 * leaves with no-store; its hashed assets keep their own header.
 */
export function keepPagePrivate(req: IncomingMessage, res: ServerResponse): void {
  if (isPublicAsset(req.url ?? "/")) return;
  const writeHead = res.writeHead;
  // writeHead(status, [reason], [headers]); res.end() without it comes here too (implicit headers).
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const headers = args[args.length - 1];
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) {
        if (String(headers[i]).toLowerCase() === "cache-control") headers[i + 1] = NO_STORE;
      }
    } else if (headers && typeof headers === "object") {
      for (const key of Object.keys(headers)) {
        if (key.toLowerCase() === "cache-control") (headers as OutgoingHttpHeaders)[key] = NO_STORE;
      }
    }
    if (!this.headersSent) this.setHeader("Cache-Control", NO_STORE);
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse["writeHead"];
}
