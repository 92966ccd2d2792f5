import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler, type SpanExporter } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { setTracingOn, tracingOn } from "./tracing-context.js";

export interface TracingOptions {
  /** The resource's service.name (switchyard-web, switchyard-worker, switchyard-gpu-runner). */
  serviceName: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: a collector's base URL; spans are POSTed to `<it>/v1/traces` as OTLP/HTTP JSON. */
  otlpEndpoint?: string | undefined;
  /** Share of new traces recorded, 0..1; a trace continued from a job or request follows its parent's decision. */
  sampleRatio: number;
  /** Instead of OTLP (tests: InMemorySpanExporter). */
  exporter?: SpanExporter | undefined;
}

export interface Tracing {
  /** Export every ended span now. */
  forceFlush(): Promise<void>;
  /** Flush, stop exporting, and put the no-op tracer back (idempotent). */
  shutdown(): Promise<void>;
}

/** `http://collector:4318` → `http://collector:4318/v1/traces` (the OTLP/HTTP convention for the base endpoint). */
export function otlpTracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, "")}/v1/traces`;
}

/**
 * Starts tracing for this process, or returns null and leaves it off when there is nowhere to
 * send spans (no endpoint, no exporter). Off, nothing is registered: the OpenTelemetry API's
 * no-op tracer, and every helper in tracing-context.ts returns at its first check.
 *
 * On: a NodeTracerProvider (AsyncLocalStorage context, W3C traceparent propagation) with a
 * parent-based ratio sampler, so a trace is kept or dropped whole across processes, and a
 * batching processor, so the request path only queues ended spans in memory.
 */
export function startTracing(options: TracingOptions): Tracing | null {
  if (!(options.sampleRatio >= 0 && options.sampleRatio <= 1)) throw new RangeError("sampleRatio must be between 0 and 1");
  const exporter = options.exporter ?? (options.otlpEndpoint ? new OTLPTraceExporter({ url: otlpTracesUrl(options.otlpEndpoint) }) : null);
  if (!exporter) return null;
  if (tracingOn()) throw new Error("tracing is already started in this process");
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // The context manager carries the active span across awaits with an AsyncLocalStorage, which on
  // Node 20 runs a hook for every promise the process makes while it is enabled. Enabled for good
  // by the first sampled task, every later task paid it, traced or not (the queue benchmark with
  // tracing at 10 %: about 2 % of throughput, three A/B pairs on a 2-core VM). So it is switched
  // off whenever no span of this process is open; its next use (context.with in inSpan) switches
  // it on again.
  const contextManager = new AsyncLocalStorageContextManager();
  provider.register({ contextManager });
  setTracingOn(true, () => contextManager.disable());
  let stopped: Promise<void> | null = null;
  return {
    forceFlush: () => provider.forceFlush(),
    shutdown: () =>
      (stopped ??= (async () => {
        setTracingOn(false);
        try {
          await provider.shutdown();
        } finally {
          // Unregistered, so a later startTracing in the same process (tests) registers afresh.
          trace.disable();
          context.disable();
          propagation.disable();
        }
      })()),
  };
}
