import { context, INVALID_SPAN_CONTEXT, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Span } from "@opentelemetry/api";

/**
 * The platform's few tracing primitives over the OpenTelemetry API, for packages that must not
 * know the SDK. Every one is free when tracing is off (startTracing never ran): a flag check,
 * no span, no context lookup, no allocation.
 */
let on = false;
/** Spans inSpan has open in this process, and what to call when the count falls to zero. */
let openSpans = 0;
let whenNoSpanOpen: (() => void) | null = null;

/**
 * Set by startTracing and its shutdown only. `onNoSpanOpen` runs whenever the last open span of
 * this process ends: startTracing switches the async context off there (see tracing.ts).
 */
export function setTracingOn(value: boolean, onNoSpanOpen: (() => void) | null = null): void {
  on = value;
  whenNoSpanOpen = value ? onNoSpanOpen : null;
}

/** Whether this process records spans (startTracing ran and is not shut down). */
export function tracingOn(): boolean {
  return on;
}

/** W3C trace context headers (`traceparent`, `tracestate` when present): what a job or request carries. */
export type TraceCarrier = Record<string, string>;

export type TraceSpan = Span;
export { SpanStatusCode };
export type TraceAttributes = Attributes;

const TRACER = "switchyard";
/** What `fn` gets when tracing is off: records nothing. */
const NOOP_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
const KINDS = { internal: SpanKind.INTERNAL, server: SpanKind.SERVER, client: SpanKind.CLIENT, consumer: SpanKind.CONSUMER, producer: SpanKind.PRODUCER } as const;

function sampledSpan(): Span | undefined {
  const span = trace.getSpan(context.active());
  return span && (span.spanContext().traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? span : undefined;
}

/**
 * The active span's context as W3C headers, or null when tracing is off or no sampled span is
 * active: an unsampled trace is not carried on, so the receiver does no work for it either.
 */
export function activeTraceCarrier(): TraceCarrier | null {
  if (!on || !sampledSpan()) return null;
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return typeof carrier["traceparent"] === "string" ? carrier : null;
}

/** Adds attributes to the active sampled span, if there is one (nothing when tracing is off). */
export function annotateActiveSpan(attributes: Attributes): void {
  if (!on) return;
  sampledSpan()?.setAttributes(attributes);
}

/** The active sampled span's ids for a log line, or undefined. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  if (!on) return undefined;
  const span = sampledSpan();
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

export interface SpanOptions {
  kind?: keyof typeof KINDS;
  attributes?: Attributes;
  /**
   * The remote parent (a job's or a request's W3C headers): the span continues that trace
   * instead of the active context's. Absent: a child of the active span, or a new trace.
   */
  parent?: TraceCarrier | null;
  /** Failures that are the caller's, not this span's (a 4xx): recorded without the error status. */
  expected?: (err: unknown) => boolean;
}

/**
 * Runs `fn` inside a new active span (so what it calls, logs and enqueues sees it) and ends the
 * span when `fn` settles; a throw is recorded on the span and rethrown. When tracing is off,
 * `fn` runs as it is, with a span that records nothing.
 */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  if (!on) return fn(NOOP_SPAN);
  const parent = options.parent ? propagation.extract(ROOT_CONTEXT, options.parent) : context.active();
  const span = trace.getTracer(TRACER).startSpan(name, { kind: KINDS[options.kind ?? "internal"], ...(options.attributes ? { attributes: options.attributes } : {}) }, parent);
  // A span the sampler dropped records nothing and carries nothing on (activeTraceCarrier sends
  // only sampled contexts), so it is not made active: entering it would switch the async context
  // on for the whole request, and every other request in flight would pay for its promise hooks.
  // (A span started inside it would sample on its own; none is: in-process, spans nest only under
  // sampled ones, since a job carries a trace context only when it was sampled.)
  if (!span.isRecording()) {
    try {
      return await fn(span);
    } finally {
      span.end();
    }
  }
  openSpans++;
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    if (!options.expected?.(err)) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    }
    throw err;
  } finally {
    span.end();
    if (--openSpans === 0) whenNoSpanOpen?.();
  }
}
