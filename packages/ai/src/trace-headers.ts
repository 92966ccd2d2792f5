import { context, propagation, trace, TraceFlags } from "@opentelemetry/api";

/**
 * The W3C trace context headers (traceparent, tracestate) of the active sampled span, so the
 * backend's span joins the caller's trace (the GPU runner extracts them); undefined when no
 * sampled span is active, which is always the case while the process does not trace (no
 * provider registered: the API's no-op context, one map lookup).
 */
export function traceHeaders(): Record<string, string> | undefined {
  const active = context.active();
  const span = trace.getSpan(active);
  if (!span || (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== TraceFlags.SAMPLED) return undefined;
  const headers: Record<string, string> = {};
  propagation.inject(active, headers);
  return headers["traceparent"] ? headers : undefined;
}
