import { z } from "zod";
import { PRIORITIES, UnavailableError } from "@switchyard/shared";
import { bucketCounts, histogram, parsePrometheusText, quantile, sumBy, sumOf, type Sample } from "./prometheus-text.js";

/** Where the web reaches the GPU runner (GPU_RUNNER_URL) and the key its /metrics needs. */
export interface GpuRunnerTarget {
  url: string;
  /** A runner key (GPU_RUNNER_KEYS); without one only the public /health is read. */
  key?: string | null;
  /** Per request (default 2 s): the page polls, so a hung runner must not hold it. */
  timeoutMs?: number;
}

const count = z.number().int().nonnegative();

/** The runner's public /health (apps/gpu-runner runner/health-report.ts), as the page shows it. */
export const gpuRunnerHealthSchema = z.object({
  status: z.enum(["starting", "ok", "degraded", "draining", "closed"]),
  provider: z.object({ requested: z.string(), active: z.string(), fallback: z.boolean(), fallbackReason: z.string().nullable() }),
  models: z.array(
    z.object({
      id: z.string(),
      task: z.string(),
      dimension: z.number().int().nullable(),
      maxTokens: z.number().int().nullable(),
      aliases: z.array(z.string()),
    }),
  ),
  failedModels: z.array(z.object({ model: z.string(), error: z.string() })),
  queue: z.object({
    depth: count,
    maxDepth: count,
    byPriority: z.object(Object.fromEntries(PRIORITIES.map((p) => [p, count])) as Record<(typeof PRIORITIES)[number], typeof count>),
    batchesInFlight: count,
  }),
  batching: z.object({
    maxBatchSize: count,
    effectiveMaxBatchSize: count,
    maxQueueDelayMs: z.number().nonnegative(),
    tokenBudget: count,
    lengthBuckets: z.array(z.number()),
    maxInFlight: count,
  }),
  memory: z.object({
    state: z.enum(["ok", "soft", "critical"]),
    rssMb: z.number().nonnegative(),
    softLimitMb: z.number().nonnegative(),
    criticalLimitMb: z.number().nonnegative(),
    gpu: z.union([
      z.object({ available: z.literal(true), usedMb: z.number().nonnegative(), totalMb: z.number().nonnegative() }),
      z.object({ available: z.literal(false), reason: z.string() }),
    ]),
    checkedAt: z.string(),
  }),
  uptimeSeconds: z.number().nonnegative(),
});

const latencySchema = z.object({
  count,
  /** Estimated from the histogram's buckets (histogram_quantile); null before any observation. */
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
});

/** Figures from the runner's /metrics, summed over models and priorities. */
export const gpuRunnerMetricsSchema = z.object({
  /** Batches by size: how many batches had (previous bound, upTo] rows; upTo null = above the last bound. */
  batchSizes: z.array(z.object({ upTo: z.number().nullable(), count })),
  batches: count,
  rows: count,
  tokens: count,
  queueWait: latencySchema,
  compute: latencySchema,
  /** Inference requests answered with success (outcome "ok"), and every request by outcome. */
  completedRequests: count,
  requestsByOutcome: z.array(z.object({ outcome: z.string(), count })),
  refusals: count,
  refusalsByReason: z.array(z.object({ reason: z.string(), count })),
});

export const gpuRunnerStatusSchema = z.object({
  health: gpuRunnerHealthSchema,
  /** Null when /metrics could not be read (no runner key configured, or refused); see metricsError. */
  metrics: gpuRunnerMetricsSchema.nullable(),
  metricsError: z.string().nullable(),
  checkedAt: z.string(),
});
export type GpuRunnerStatus = z.infer<typeof gpuRunnerStatusSchema>;
export type GpuRunnerMetrics = z.infer<typeof gpuRunnerMetricsSchema>;

const ms = (seconds: number | null): number | null => (seconds === null ? null : Math.round(seconds * 1_000_000) / 1_000);

/** The page's figures from the runner's Prometheus text (metric names: apps/gpu-runner/src/metrics.ts). */
export function summarizeRunnerMetrics(text: string): GpuRunnerMetrics {
  const samples: Sample[] = parsePrometheusText(text);
  const batch = histogram(samples, "gpu_runner_batch_size");
  const wait = histogram(samples, "gpu_runner_queue_wait_seconds");
  const compute = histogram(samples, "gpu_runner_compute_seconds");
  const requests = sumBy(samples, "gpu_runner_requests_total", "outcome");
  const refusals = sumBy(samples, "gpu_runner_refusals_total", "reason");
  return {
    batchSizes: bucketCounts(batch).map(({ le, count: n }) => ({ upTo: Number.isFinite(le) ? le : null, count: n })),
    batches: batch.count,
    rows: sumOf(samples, "gpu_runner_inputs_total"),
    tokens: sumOf(samples, "gpu_runner_tokens_total"),
    queueWait: { count: wait.count, p50Ms: ms(quantile(wait, 0.5)), p95Ms: ms(quantile(wait, 0.95)) },
    compute: { count: compute.count, p50Ms: ms(quantile(compute, 0.5)), p95Ms: ms(quantile(compute, 0.95)) },
    completedRequests: requests.find((r) => r.key === "ok")?.count ?? 0,
    requestsByOutcome: requests.map(({ key, count: n }) => ({ outcome: key, count: n })),
    refusals: refusals.reduce((sum, r) => sum + r.count, 0),
    refusalsByReason: refusals.map(({ key, count: n }) => ({ reason: key, count: n })),
  };
}

async function fetchWithin(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
}

function reasonOf(err: unknown): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return "no answer in time";
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null;
  return (cause ?? (err instanceof Error ? err.message : String(err))).slice(0, 200);
}

/**
 * The runner's health (public /health) and, with a key, figures from its /metrics. 503
 * (UnavailableError) when no runner is configured, or it cannot be reached or answers
 * something that is not its health report. A /metrics failure alone keeps the health.
 */
export async function readGpuRunnerStatus(target: GpuRunnerTarget | null | undefined): Promise<GpuRunnerStatus> {
  if (!target) throw new UnavailableError("no GPU runner is configured on this server (GPU_RUNNER_URL)");
  const base = target.url.replace(/\/+$/, "");
  const timeoutMs = target.timeoutMs ?? 2_000;
  const metricsRead: Promise<{ metrics: GpuRunnerMetrics | null; error: string | null }> = target.key
    ? fetchWithin(`${base}/metrics`, { headers: { authorization: `Bearer ${target.key}` } }, timeoutMs).then(
        async (res) =>
          res.ok
            ? { metrics: summarizeRunnerMetrics(await res.text()), error: null }
            : { metrics: null, error: `the runner refused /metrics (HTTP ${res.status})` },
        (err: unknown) => ({ metrics: null, error: `could not read /metrics: ${reasonOf(err)}` }),
      )
    : Promise.resolve({ metrics: null, error: "no runner key is configured on this server (GPU_RUNNER_KEY), so /metrics is not read" });

  let body: unknown;
  try {
    // /health answers 503 while draining, with the same report: both are read.
    const res = await fetchWithin(`${base}/health`, {}, timeoutMs);
    body = await res.json();
  } catch (err) {
    await metricsRead;
    throw new UnavailableError(`the GPU runner is unreachable: ${reasonOf(err)}`);
  }
  const health = gpuRunnerHealthSchema.safeParse(body);
  const { metrics, error } = await metricsRead;
  if (!health.success) throw new UnavailableError("the GPU runner answered /health with something other than its health report");
  return { health: health.data, metrics, metricsError: error, checkedAt: new Date().toISOString() };
}
