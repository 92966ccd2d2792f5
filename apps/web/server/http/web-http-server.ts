import { createServer, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { getRequestListener, RequestError, type HttpBindings } from "@hono/node-server";
import type { Hono } from "hono";
import type { HttpMetrics } from "@switchyard/observability";
import { apiAppPaths } from "./api-paths.js";
import { answerClientErrors } from "./client-error.js";
import { errorJson, JSON_CONTENT_TYPE } from "./json-error.js";
import { DEFAULT_LINGER, lingerOnEarlyClose, type LingerLimits } from "./lingering-close.js";
import { servePage, type UiHandler } from "./page-handler.js";
import { setSecurityHeaders } from "./security-headers.js";
import { createShellApp } from "./shell-app.js";
import { refuseBody, unexpectedBody } from "./unexpected-body.js";

export type { UiHandler } from "./page-handler.js";

export interface WebHttpServerOptions {
  /** The API (REST, tRPC, the docs page): a hono app. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any hono app, whatever its env and schema
  api: Hono<any, any, any>;
  /** Next.js's request handler, or null when the UI is not served. */
  ui: UiHandler | null;
  onError: (scope: string, err: unknown) => void;
  linger?: LingerLimits;
  /** Request durations of everything the API's shell answers (by route template and status). */
  httpMetrics?: HttpMetrics;
  /** Routes of the web process itself under /api/ (the SSE event stream, live/sse-route.ts), before the API's. */
  ownRoutes?: Hono<{ Bindings: HttpBindings }>;
}

function jsonResponse(status: number, code: "BAD_REQUEST" | "INTERNAL", message: string): Response {
  return new Response(errorJson(code, message), { status, headers: { "Content-Type": JSON_CONTENT_TYPE } });
}

/**
 * The web process's HTTP server around the API app and Next.js (socket.io attaches to it
 * afterwards and takes /socket.io/ before this sees it). Per request: security headers, bodies
 * nobody reads refused, then the API's paths to the hono shell (shell-app.ts) and the rest to
 * Next.js. Per connection: answers to malformed requests (client-error.ts) and a lingering close
 * whenever a response ends the connection before its request was read (lingering-close.ts).
 */
export function createWebHttpServer({ api, ui, onError, linger = DEFAULT_LINGER, httpMetrics, ownRoutes }: WebHttpServerOptions): Server {
  const servedByApi = apiAppPaths(api);
  const apiListener = getRequestListener(createShellApp(api, onError, httpMetrics, ownRoutes).fetch, {
    // Requests node accepted but no URL can be made of (a bad Host header), and throws.
    errorHandler: (err) => {
      if (err instanceof RequestError) return jsonResponse(400, "BAD_REQUEST", "malformed request");
      onError("http", err);
      return jsonResponse(500, "INTERNAL", "internal error");
    },
  });
  const responding = new WeakMap<Duplex, ServerResponse>();

  const server = createServer((req, res) => {
    earlyClose.track(req);
    responding.set(req.socket, res);
    setSecurityHeaders(req, res);
    const url = req.url ?? "/";
    const refusal = unexpectedBody(req);
    if (refusal) {
      refuseBody(res, refusal);
    } else if (servedByApi(url)) {
      void apiListener(req, res);
    } else if (ui) {
      servePage(ui, req, res, onError);
    } else {
      const body = errorJson("NOT_FOUND", "UI disabled");
      res.writeHead(404, { "Content-Type": JSON_CONTENT_TYPE, "Content-Length": Buffer.byteLength(body) }).end(body);
    }
  });
  const earlyClose = lingerOnEarlyClose(server, linger);
  answerClientErrors(server, linger, (socket) => {
    const res = responding.get(socket);
    return res !== undefined && res.headersSent && !res.writableFinished;
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 65_000;
  return server;
}
