import { Histogram, type Registry } from "prom-client";

/** Seconds: from a sub-millisecond answer to a slow upload. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface HttpMetrics {
  /** `route` is the route template (`/api/v1/tasks/:id`), never the raw path: bounded label values. */
  observe(method: string, route: string, status: number, seconds: number): void;
}

/** `<namespace>_http_request_duration_seconds{method,route,status}`. */
export function createHttpMetrics(registry: Registry, namespace: string): HttpMetrics {
  const histogram = new Histogram({
    name: `${namespace}_http_request_duration_seconds`,
    help: "HTTP requests from arrival to the response, by method, route template and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  return {
    observe(method, route, status, seconds) {
      histogram.observe({ method, route, status: String(status) }, seconds);
    },
  };
}

/** The parts of a hono Context the middleware reads (structural, so this package needs no hono). */
export interface RouteContext {
  req: { method: string; routeIndex: number; matchedRoutes: ReadonlyArray<{ method: string; path: string }> };
  res: { status: number };
}

/**
 * The route template to label a finished request with: the route whose handler answered;
 * when a middleware or a catch-all (`app.all`/`use`) answered instead (a 401, a 413, a 404),
 * the most specific method route the path matched, so a refusal is filed under the endpoint
 * it was meant for. Unknown paths get the catch-all's pattern: never the raw path.
 */
export function routeTemplate(c: RouteContext): string {
  const routes = c.req.matchedRoutes;
  const ran = routes[c.req.routeIndex];
  if (ran && ran.method !== "ALL") return ran.path;
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i];
    if (r && r.method !== "ALL") return r.path;
  }
  return ran?.path ?? "unmatched";
}

/**
 * A hono middleware observing every request it wraps. Registered first on an app, it sees the
 * requests its later middleware refuse (401, 413) too.
 */
export function httpMetricsMiddleware(metrics: HttpMetrics): (c: RouteContext, next: () => Promise<void>) => Promise<void> {
  return async (c, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observe(c.req.method, routeTemplate(c), c.res.status, seconds);
    }
  };
}
