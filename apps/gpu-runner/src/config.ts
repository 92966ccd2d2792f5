import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Everything the runner can be told. src/env.ts builds it from the environment once. */
export interface RunnerConfig {
  host: string;
  port: number;
  /** auto: CUDA, falling back to CPU with the reason shown; cuda: CUDA or refuse to start; cpu. */
  executionProvider: "auto" | "cuda" | "cpu";
  cudaDeviceId: number;
  /** Scanned for model folders (one per model: manifest.json, or an HF export, or a bare model.onnx). */
  modelsDir: string;
  /** More model folders, outside modelsDir. */
  extraModelDirs: string[];
  /** The model used when a request names none. */
  defaultModel: string;
  /** Runner API keys (plain; only their sha256 hashes are kept). */
  apiKeys: string[];
  /** Where ONNX Runtime runs: on its own thread (default) or on the event loop thread. */
  sessionHost: "worker" | "inline";
  /**
   * Session replicas (worker mode, CPU models): each its own thread computing its own batch.
   * 0 = auto: one per core on CPU (a CUDA model always uses one).
   */
  sessionReplicas: number;
  /** ONNX Runtime intra-op threads per session (0 = auto: 1 with replicas, else one per core). */
  intraOpThreads: number;
  allowSpinning: boolean;
  batch: {
    maxBatchSize: number;
    /** While idle: wait at most this long for more requests before dispatching (0 = at once). */
    maxQueueDelayMs: number;
    /** While another batch computes: wait at most this long for `gatherBatchSize` requests (0 = at once). */
    gatherMs: number;
    gatherBatchSize: number;
    /** Most padded tokens (batch size × longest sequence) in one batch (0 = auto: 2048 on CPU, 16384 on CUDA). */
    tokenBudget: number;
    /** Sequence-length buckets; a batch holds requests of one bucket only. */
    lengthBuckets: number[];
    /** Batches computing at once (0 = auto: one per session replica). */
    maxInFlight: number;
  };
  queue: {
    maxDepth: number;
    /** A request waiting this long moves up one priority level (again after each period). */
    agingMs: number;
    /** Deadline for requests that give none. */
    defaultDeadlineMs: number;
    maxDeadlineMs: number;
  };
  memory: {
    /** Process RSS above this: max batch size is halved until it falls below. */
    softLimitMb: number;
    /** Process RSS above this: new work is refused (503 / OverloadedError). */
    criticalLimitMb: number;
    /** Same for GPU memory (CUDA only, read with nvidia-smi when present); 0 = off. */
    gpuSoftLimitMb: number;
    gpuCriticalLimitMb: number;
    checkIntervalMs: number;
  };
  http: {
    bodyLimitBytes: number;
    /** Most inputs in one embeddings request (OpenAI allows 2048). */
    maxInputs: number;
  };
  shutdownGraceMs: number;
  /** Warm every model with one batch at start. */
  warmup: boolean;
  /** Run the USE-lite exporter at start when its files are missing. */
  autoExport: boolean;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
}

/** apps/gpu-runner, wherever the repository is. */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_MODELS_DIR = resolve(PACKAGE_DIR, "models");

export function defaultConfig(): RunnerConfig {
  return {
    host: "127.0.0.1",
    port: 3001,
    executionProvider: "auto",
    cudaDeviceId: 0,
    modelsDir: DEFAULT_MODELS_DIR,
    extraModelDirs: [],
    defaultModel: "use-lite",
    apiKeys: [],
    sessionHost: "worker",
    sessionReplicas: 0,
    intraOpThreads: 0,
    allowSpinning: false,
    batch: { maxBatchSize: 64, maxQueueDelayMs: 0, gatherMs: 1, gatherBatchSize: 8, tokenBudget: 0, lengthBuckets: [16, 32, 64, 128], maxInFlight: 0 },
    queue: { maxDepth: 2048, agingMs: 2000, defaultDeadlineMs: 30_000, maxDeadlineMs: 600_000 },
    memory: { softLimitMb: 3072, criticalLimitMb: 4096, gpuSoftLimitMb: 0, gpuCriticalLimitMb: 0, checkIntervalMs: 1000 },
    http: { bodyLimitBytes: 4 * 1024 * 1024, maxInputs: 2048 },
    shutdownGraceMs: 25_000,
    warmup: true,
    autoExport: true,
    logLevel: "info",
  };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends Array<infer U> ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type RunnerConfigInput = DeepPartial<RunnerConfig>;

/** Defaults with `input` laid over them (for tests and in-process users). */
export function resolveConfig(input: RunnerConfigInput = {}): RunnerConfig {
  const d = defaultConfig();
  return {
    ...d,
    ...stripUndefined(input),
    batch: { ...d.batch, ...stripUndefined(input.batch ?? {}) },
    queue: { ...d.queue, ...stripUndefined(input.queue ?? {}) },
    memory: { ...d.memory, ...stripUndefined(input.memory ?? {}) },
    http: { ...d.http, ...stripUndefined(input.http ?? {}) },
  } as RunnerConfig;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
