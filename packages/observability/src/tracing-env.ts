import { z } from "zod";
import type { TracingOptions } from "./tracing.js";

/**
 * Every process's tracing variables, spread into its env schema. Unset (or empty, as compose
 * passes `VAR=`) endpoint: tracing is off.
 *
 * Default ratio 0.1: a trace is one API operation with every task it enqueued and every runner
 * call those made, so a tenth of them is plenty to see where time goes, and bulk traffic (one
 * span per task) stays a small cost; set 1 to follow every request while debugging.
 */
export const tracingEnvShape = {
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  OTEL_TRACES_SAMPLER_RATIO: z.coerce.number().min(0).max(1).default(0.1),
};

export interface TracingEnv {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_TRACES_SAMPLER_RATIO: number;
}

export function tracingOptions(serviceName: string, env: TracingEnv): TracingOptions {
  return { serviceName, otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, sampleRatio: env.OTEL_TRACES_SAMPLER_RATIO };
}
