import { isAbsolute, resolve } from "node:path";
import { tracingEnvShape, tracingOptions, type TracingOptions } from "@switchyard/observability";
import { prioritySchema } from "@switchyard/shared";
import { z } from "zod";
import { DEFAULT_MODELS_DIR, PACKAGE_DIR, defaultConfig, type RunnerConfig } from "./config.js";
import type { EmbedPoolConfig } from "./platform/embed-pool-config.js";

/**
 * The runner's one environment schema, parsed once at start (src/main.ts). Nothing else
 * reads process.env: everything below receives a RunnerConfig.
 */
const d = defaultConfig();
const int = (min: number, max: number, def: number) => z.coerce.number().int().min(min).max(max).default(def);
const bool = (def: boolean) =>
  z
    .enum(["1", "0", "true", "false", "yes", "no", "on", "off"])
    .default(def ? "true" : "false")
    .transform((v) => v === "1" || v === "true" || v === "yes" || v === "on");
const list = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
/** Unset and empty (compose passes `VAR=` through) both mean "not configured". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

export const runnerEnvSchema = z
  .object({
    GPU_RUNNER_HOST: z.string().min(1).default(d.host),
    GPU_RUNNER_PORT: int(0, 65535, d.port),
    GPU_RUNNER_EP: z.enum(["auto", "cuda", "cpu"]).default(d.executionProvider),
    GPU_RUNNER_CUDA_DEVICE: int(0, 64, d.cudaDeviceId),
    GPU_RUNNER_MODELS_DIR: z.string().min(1).optional(),
    GPU_RUNNER_EXTRA_MODELS: list,
    GPU_RUNNER_DEFAULT_MODEL: z.string().min(1).max(200).default(d.defaultModel),
    GPU_RUNNER_KEYS: list,
    GPU_RUNNER_SESSION_HOST: z.enum(["worker", "inline"]).default(d.sessionHost),
    GPU_RUNNER_SESSION_REPLICAS: int(0, 64, d.sessionReplicas),
    GPU_RUNNER_INTRA_OP_THREADS: int(0, 256, d.intraOpThreads),
    GPU_RUNNER_ALLOW_SPINNING: bool(d.allowSpinning),
    GPU_RUNNER_MAX_BATCH: int(1, 4096, d.batch.maxBatchSize),
    GPU_RUNNER_MAX_QUEUE_DELAY_MS: int(0, 10_000, d.batch.maxQueueDelayMs),
    GPU_RUNNER_GATHER_MS: int(0, 10_000, d.batch.gatherMs),
    GPU_RUNNER_GATHER_BATCH: int(1, 4096, d.batch.gatherBatchSize),
    GPU_RUNNER_TOKEN_BUDGET: int(0, 10_000_000, d.batch.tokenBudget),
    GPU_RUNNER_LENGTH_BUCKETS: z
      .string()
      .default(d.batch.lengthBuckets.join(","))
      .transform((v, ctx) => {
        const nums = v.split(",").map((s) => Number(s.trim()));
        if (nums.some((n) => !Number.isInteger(n) || n < 1)) {
          ctx.addIssue({ code: "custom", message: "comma-separated positive integers expected" });
          return z.NEVER;
        }
        return [...new Set(nums)].sort((a, b) => a - b);
      }),
    GPU_RUNNER_MAX_IN_FLIGHT: int(0, 64, d.batch.maxInFlight),
    GPU_RUNNER_QUEUE_MAX_DEPTH: int(1, 1_000_000, d.queue.maxDepth),
    GPU_RUNNER_AGING_MS: int(1, 3_600_000, d.queue.agingMs),
    GPU_RUNNER_DEADLINE_MS: int(1, 3_600_000, d.queue.defaultDeadlineMs),
    GPU_RUNNER_MAX_DEADLINE_MS: int(1, 86_400_000, d.queue.maxDeadlineMs),
    GPU_RUNNER_MEMORY_SOFT_MB: int(1, 10_000_000, d.memory.softLimitMb),
    GPU_RUNNER_MEMORY_CRITICAL_MB: int(1, 10_000_000, d.memory.criticalLimitMb),
    GPU_RUNNER_GPU_MEMORY_SOFT_MB: int(0, 10_000_000, d.memory.gpuSoftLimitMb),
    GPU_RUNNER_GPU_MEMORY_CRITICAL_MB: int(0, 10_000_000, d.memory.gpuCriticalLimitMb),
    GPU_RUNNER_MEMORY_CHECK_MS: int(10, 600_000, d.memory.checkIntervalMs),
    GPU_RUNNER_BODY_LIMIT_BYTES: int(1024, 1024 * 1024 * 1024, d.http.bodyLimitBytes),
    GPU_RUNNER_MAX_INPUTS: int(1, 100_000, d.http.maxInputs),
    GPU_RUNNER_SHUTDOWN_GRACE_MS: int(0, 600_000, d.shutdownGraceMs),
    GPU_RUNNER_WARMUP: bool(d.warmup),
    GPU_RUNNER_AUTO_EXPORT: bool(d.autoExport),
    // The platform's embed pool: with both URLs set the runner is that pool's worker too
    // (src/platform/); without them it serves HTTP only.
    GPU_RUNNER_REDIS_URL: optional(z.string().min(1)),
    GPU_RUNNER_DATABASE_URL: optional(z.string().min(1)),
    GPU_RUNNER_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).default("switchyard"),
    GPU_RUNNER_POOLS_MANIFEST: optional(z.string().min(1)),
    GPU_RUNNER_WORKER_ID: optional(z.string().min(1).max(200)),
    /** embed tasks this runner takes at once; the pools manifest's embed concurrency when unset. */
    GPU_RUNNER_EMBED_CONCURRENCY: optional(z.coerce.number().int().min(1).max(1_000)),
    /** Runner queue priority of embed tasks (HTTP callers default to normal, so they go first). */
    GPU_RUNNER_EMBED_PRIORITY: prioritySchema.default("low"),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default(d.logLevel)
      .transform((v) => (v === "fatal" ? "error" : v === "trace" ? "debug" : v)),
    /** OpenTelemetry traces: OTEL_EXPORTER_OTLP_ENDPOINT (unset: off), OTEL_TRACES_SAMPLER_RATIO (default 0.1). */
    ...tracingEnvShape,
  })
  .superRefine((v, ctx) => {
    if (v.GPU_RUNNER_MEMORY_CRITICAL_MB < v.GPU_RUNNER_MEMORY_SOFT_MB) {
      ctx.addIssue({ code: "custom", path: ["GPU_RUNNER_MEMORY_CRITICAL_MB"], message: "must be at least GPU_RUNNER_MEMORY_SOFT_MB" });
    }
    if (v.GPU_RUNNER_DEADLINE_MS > v.GPU_RUNNER_MAX_DEADLINE_MS) {
      ctx.addIssue({ code: "custom", path: ["GPU_RUNNER_DEADLINE_MS"], message: "must not exceed GPU_RUNNER_MAX_DEADLINE_MS" });
    }
    if ((v.GPU_RUNNER_REDIS_URL === undefined) !== (v.GPU_RUNNER_DATABASE_URL === undefined)) {
      const missing = v.GPU_RUNNER_REDIS_URL === undefined ? "GPU_RUNNER_REDIS_URL" : "GPU_RUNNER_DATABASE_URL";
      ctx.addIssue({ code: "custom", path: [missing], message: "the embed pool needs both GPU_RUNNER_REDIS_URL and GPU_RUNNER_DATABASE_URL (or neither: HTTP only)" });
    }
  });

export type RunnerEnv = z.infer<typeof runnerEnvSchema>;

function resolveDir(p: string): string {
  return isAbsolute(p) ? p : resolve(process.cwd(), p);
}

export interface RunnerEnvConfig {
  runner: RunnerConfig;
  /** The platform's embed pool, or null: HTTP only. */
  embedPool: EmbedPoolConfig | null;
  /** OpenTelemetry (off without OTEL_EXPORTER_OTLP_ENDPOINT). */
  tracing: TracingOptions;
}

/** Parse the environment once; throws one error listing every bad variable. */
export function loadRunnerEnv(env: Readonly<Record<string, string | undefined>>): RunnerEnvConfig {
  const parsed = runnerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`invalid gpu-runner environment:\n${lines}`);
  }
  const e = parsed.data;
  const runner = runnerConfig(e);
  const embedPool: EmbedPoolConfig | null =
    e.GPU_RUNNER_REDIS_URL !== undefined && e.GPU_RUNNER_DATABASE_URL !== undefined
      ? {
          redisUrl: e.GPU_RUNNER_REDIS_URL,
          databaseUrl: e.GPU_RUNNER_DATABASE_URL,
          prefix: e.GPU_RUNNER_QUEUE_PREFIX,
          poolsManifest: e.GPU_RUNNER_POOLS_MANIFEST ? resolveDir(e.GPU_RUNNER_POOLS_MANIFEST) : null,
          workerId: e.GPU_RUNNER_WORKER_ID ?? null,
          concurrency: e.GPU_RUNNER_EMBED_CONCURRENCY ?? null,
          priority: e.GPU_RUNNER_EMBED_PRIORITY,
          shutdownGraceMs: runner.shutdownGraceMs,
        }
      : null;
  return { runner, embedPool, tracing: tracingOptions("switchyard-gpu-runner", e) };
}

/** The runner's part of the environment (see loadRunnerEnv for the whole). */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): RunnerConfig {
  return loadRunnerEnv(env).runner;
}

function runnerConfig(e: RunnerEnv): RunnerConfig {
  return {
    host: e.GPU_RUNNER_HOST,
    port: e.GPU_RUNNER_PORT,
    executionProvider: e.GPU_RUNNER_EP,
    cudaDeviceId: e.GPU_RUNNER_CUDA_DEVICE,
    modelsDir: e.GPU_RUNNER_MODELS_DIR ? resolveDir(e.GPU_RUNNER_MODELS_DIR) : DEFAULT_MODELS_DIR,
    extraModelDirs: e.GPU_RUNNER_EXTRA_MODELS.map(resolveDir),
    defaultModel: e.GPU_RUNNER_DEFAULT_MODEL,
    apiKeys: e.GPU_RUNNER_KEYS,
    sessionHost: e.GPU_RUNNER_SESSION_HOST,
    sessionReplicas: e.GPU_RUNNER_SESSION_REPLICAS,
    intraOpThreads: e.GPU_RUNNER_INTRA_OP_THREADS,
    allowSpinning: e.GPU_RUNNER_ALLOW_SPINNING,
    batch: {
      maxBatchSize: e.GPU_RUNNER_MAX_BATCH,
      maxQueueDelayMs: e.GPU_RUNNER_MAX_QUEUE_DELAY_MS,
      gatherMs: e.GPU_RUNNER_GATHER_MS,
      gatherBatchSize: e.GPU_RUNNER_GATHER_BATCH,
      tokenBudget: e.GPU_RUNNER_TOKEN_BUDGET,
      lengthBuckets: e.GPU_RUNNER_LENGTH_BUCKETS,
      maxInFlight: e.GPU_RUNNER_MAX_IN_FLIGHT,
    },
    queue: {
      maxDepth: e.GPU_RUNNER_QUEUE_MAX_DEPTH,
      agingMs: e.GPU_RUNNER_AGING_MS,
      defaultDeadlineMs: e.GPU_RUNNER_DEADLINE_MS,
      maxDeadlineMs: e.GPU_RUNNER_MAX_DEADLINE_MS,
    },
    memory: {
      softLimitMb: e.GPU_RUNNER_MEMORY_SOFT_MB,
      criticalLimitMb: e.GPU_RUNNER_MEMORY_CRITICAL_MB,
      gpuSoftLimitMb: e.GPU_RUNNER_GPU_MEMORY_SOFT_MB,
      gpuCriticalLimitMb: e.GPU_RUNNER_GPU_MEMORY_CRITICAL_MB,
      checkIntervalMs: e.GPU_RUNNER_MEMORY_CHECK_MS,
    },
    http: { bodyLimitBytes: e.GPU_RUNNER_BODY_LIMIT_BYTES, maxInputs: e.GPU_RUNNER_MAX_INPUTS },
    shutdownGraceMs: e.GPU_RUNNER_SHUTDOWN_GRACE_MS,
    warmup: e.GPU_RUNNER_WARMUP,
    autoExport: e.GPU_RUNNER_AUTO_EXPORT,
    logLevel: e.LOG_LEVEL,
  };
}

export { PACKAGE_DIR };
