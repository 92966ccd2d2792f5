import type { HttpBindings } from "@hono/node-server";
import { Hono } from "hono";
import { httpMetricsMiddleware, type HttpMetrics } from "@switchyard/observability";
import { apiBodyLimit } from "./api-body-limit.js";
import { errorJson, JSON_CONTENT_TYPE } from "./json-error.js";

/**
 * The outer hono app around the API app: the body cap for every /api/* route (REST and tRPC),
 * then the API app's own routes; an error in the shell's own steps or a path no route takes
 * answers in the API's JSON error shape. (The API app answers its own errors.)
 */
export function createShellApp(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any hono app, whatever its env and schema
  api: Hono<any, any, any>,
  onError: (scope: string, err: unknown) => void,
  httpMetrics?: HttpMetrics,
  /** Routes of the web process itself under /api (the SSE event stream), taken before the API's. */
  ownRoutes?: Hono<{ Bindings: HttpBindings }>,
): Hono<{ Bindings: HttpBindings }> {
  const shell = new Hono<{ Bindings: HttpBindings }>();
  // First, so the shell's own refusals (413 from the body cap) are measured too.
  if (httpMetrics) shell.use("*", httpMetricsMiddleware(httpMetrics));
  shell.onError((err, c) => {
    onError("http", err);
    return c.body(errorJson("INTERNAL", "internal error"), 500, { "Content-Type": JSON_CONTENT_TYPE });
  });
  shell.notFound((c) =>
    c.body(errorJson("NOT_FOUND", `no route ${c.req.method} ${c.req.path}`), 404, { "Content-Type": JSON_CONTENT_TYPE }),
  );
  shell.use("/api/*", apiBodyLimit());
  if (ownRoutes) shell.route("/", ownRoutes);
  shell.route("/", api);
  return shell;
}
