import type { MiddlewareHandler } from "hono";
import { inSpan, routeTemplate, SpanStatusCode, tracingOn, type TraceCarrier } from "@switchyard/observability";

/**
 * A server span around each API request when this runner traces (OTEL_EXPORTER_OTLP_ENDPOINT):
 * a child of the caller's span when the request carries `traceparent` (the platform's
 * embedding client sends it from inside a traced task), so web → worker → runner is one
 * trace. Health probes are answered before this runs, and /metrics scrapes are left out.
 * Off: one flag check per request.
 */
export function traceSpan(): MiddlewareHandler {
  return async (c, next) => {
    if (!tracingOn() || c.req.path === "/metrics") return next();
    const traceparent = c.req.header("traceparent");
    const tracestate = c.req.header("tracestate");
    const parent: TraceCarrier | null = traceparent ? { traceparent, ...(tracestate ? { tracestate } : {}) } : null;
    const method = c.req.method;
    await inSpan(
      method,
      { kind: "server", parent, attributes: { "http.request.method": method, "url.path": c.req.path } },
      async (span) => {
        await next();
        span.updateName(`${method} ${routeTemplate(c)}`);
        span.setAttribute("http.response.status_code", c.res.status);
        if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: c.error instanceof Error ? c.error.message : `HTTP ${c.res.status}` });
      },
    );
  };
}
