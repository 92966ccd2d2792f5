export { createLogger, type Logger } from "./logger.js";
export { createPrettyLineFormatter, isoTime, PRETTY_OPTIONS } from "./log-format.js";
export { watchLauncher } from "./launcher-link.js";
export { createMetricsRegistry, Registry, type MetricsRegistryOptions } from "./metrics/metrics-registry.js";
export { createHttpMetrics, httpMetricsMiddleware, routeTemplate, type HttpMetrics, type RouteContext } from "./metrics/http-metrics.js";
export { createTaskMetrics, type TaskMetrics, type TaskMetricsSources } from "./metrics/task-metrics.js";
export { registerQueueStateMetrics, type QueueState, type QueueStateMetricsOptions } from "./metrics/queue-state-metrics.js";
export { startMetricsServer, type MetricsServer, type MetricsServerOptions } from "./metrics/metrics-server.js";
export { startTracing, otlpTracesUrl, type Tracing, type TracingOptions } from "./tracing.js";
export { tracingEnvShape, tracingOptions, type TracingEnv } from "./tracing-env.js";
export {
  activeTraceCarrier,
  annotateActiveSpan,
  activeTraceIds,
  inSpan,
  SpanStatusCode,
  tracingOn,
  type SpanOptions,
  type TraceAttributes,
  type TraceCarrier,
  type TraceSpan,
} from "./tracing-context.js";
